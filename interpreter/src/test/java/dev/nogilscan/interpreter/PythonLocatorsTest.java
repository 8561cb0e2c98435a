package dev.nogilscan.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonLocatorsTest {
  @TempDir Path tmp;

  private Path exe(String path) throws Exception {
    Path p = tmp.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void theSearchOrderIsThePromisedOne() {
    assertThat(PythonLocators.ALL.stream().map(PythonLocator::name))
        .containsExactly("--python", "NOGIL_SCAN_PYTHON", "PATH", "pyenv", "uv", "provisioned");
  }

  @Test
  void eachLocatorLooksWherePromised() throws Exception {
    Path onPath = exe("bin/python3.14t");
    exe("bin/python3.13");
    Path pyenv = exe("home/.pyenv/versions/3.13.1t/bin/python3.13t");
    Path uv = exe("data/uv/python/cpython-3.14.0+freethreaded-linux-x86_64-gnu/bin/python3.14t");
    Path ours = exe("cache/python/cpython-3.13.5t/bin/python3.13t");
    Path oursPlain = exe("cache/python/cpython-3.13.5t/bin/python3.13");
    LocatorContext c =
        new LocatorContext(
            Optional.of(Path.of("/explicit/python")),
            Map.of(
                "PATH",
                tmp.resolve("bin").toString(),
                "NOGIL_SCAN_PYTHON",
                "/env/python",
                "XDG_DATA_HOME",
                tmp.resolve("data").toString()),
            tmp.resolve("home"),
            tmp.resolve("cache"));
    assertThat(find("--python", c)).containsExactly(Path.of("/explicit/python"));
    assertThat(find("NOGIL_SCAN_PYTHON", c)).containsExactly(Path.of("/env/python"));
    assertThat(find("PATH", c)).containsExactly(onPath, tmp.resolve("bin/python3.13"));
    assertThat(find("pyenv", c)).containsExactly(pyenv);
    assertThat(find("uv", c)).containsExactly(uv);
    assertThat(find("provisioned", c)).containsExactly(ours, oursPlain);
  }

  private static List<Path> find(String name, LocatorContext c) {
    return PythonLocators.named(name).orElseThrow().candidates(c);
  }
}
