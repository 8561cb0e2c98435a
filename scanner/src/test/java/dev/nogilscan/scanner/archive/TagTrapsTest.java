package dev.nogilscan.scanner.archive;

import static dev.nogilscan.scanner.archive.TestArchives.wheel;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled contents that contradict the wheel's own tags are reported as traps. */
class TagTrapsTest {
  @TempDir Path dir;
  private final WheelInspector inspector = new WheelInspector(ArchiveLimits.DEFAULT);

  private Inspection inspect(String filename, String... members) throws Exception {
    TestArchives w = wheel("demo", "1.0");
    for (String m : members) {
      w.file(m, "");
    }
    return inspector.inspect(w.zip(dir.resolve(filename)), filename);
  }

  @Test
  void compiledCodeInAPy3NoneAnyWheel() throws Exception {
    Inspection i =
        inspect(
            "demo-1.0-py3-none-any.whl",
            "demo/_a.cpython-313-x86_64-linux-gnu.so",
            "demo/_b.cpython-313-x86_64-linux-gnu.so");

    assertThat(i.traps())
        .containsExactly(
            "compiled extension modules inside a wheel tagged ABI 'none' and platform 'any':"
                + " demo/_a.cpython-313-x86_64-linux-gnu.so and 1 more built for cpython-313;"
                + " the tag lets pip install it on any interpreter, free-threaded ones included");
  }

  @Test
  void compiledCodeInANoneAbiPlatformWheel() throws Exception {
    Inspection i = inspect("demo-1.0-py3-none-manylinux_2_17_x86_64.whl", "demo/_a.so");

    assertThat(i.traps())
        .containsExactly(
            "compiled extension modules inside a wheel tagged ABI 'none': demo/_a.so built for"
                + " bare; the tag lets pip install it on any interpreter, free-threaded ones"
                + " included");
  }

  @Test
  void freeThreadedBuildTaggedAbi3() throws Exception {
    Inspection i =
        inspect(
            "demo-1.0-cp313-abi3-manylinux_2_17_x86_64.whl",
            "demo/_a.cpython-313t-x86_64-linux-gnu.so");

    assertThat(i.traps())
        .containsExactly(
            "a free-threaded build tagged abi3: demo/_a.cpython-313t-x86_64-linux-gnu.so built"
                + " for cpython-313t; pip never installs an abi3 wheel on a free-threaded"
                + " interpreter");
  }

  @Test
  void versionSpecificBuildTaggedAbi3() throws Exception {
    Inspection i =
        inspect(
            "demo-1.0-cp39-abi3-manylinux_2_17_x86_64.whl",
            "demo/_a.abi3.so",
            "demo/_b.cpython-312-x86_64-linux-gnu.so");

    assertThat(i.traps())
        .containsExactly(
            "tagged abi3 but demo/_b.cpython-312-x86_64-linux-gnu.so built for cpython-312, not"
                + " the stable ABI");
  }

  @Test
  void gilBuildTaggedFreeThreaded() throws Exception {
    Inspection i =
        inspect(
            "demo-1.0-cp314-cp314t-manylinux_2_17_x86_64.whl",
            "demo/_ok.cpython-314t-x86_64-linux-gnu.so",
            "demo/_a.cpython-314-x86_64-linux-gnu.so");

    assertThat(i.traps())
        .containsExactly(
            "tagged cp314t but demo/_a.cpython-314-x86_64-linux-gnu.so built for cpython-314,"
                + " which a 3.14t interpreter does not load");
  }

  @Test
  void consistentWheelsHaveNoTraps() throws Exception {
    assertThat(
            inspect(
                    "demo-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
                    "demo/_a.cpython-313t-x86_64-linux-gnu.so",
                    "demo/_b.so")
                .traps())
        .isEmpty();
    assertThat(inspect("demo-1.0-cp39-abi3-manylinux_2_17_x86_64.whl", "demo/_a.abi3.so").traps())
        .isEmpty();
    assertThat(inspect("demo-1.0-py3-none-any.whl", "demo/__init__.py").traps()).isEmpty();
  }
}
