package dev.nogilscan.scanner.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.scanner.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What does not need a real index or interpreter; {@code BenchWithDepsIT} runs the rest. */
class BenchDependencyInstallerTest {
  @TempDir Path dir;

  @Test
  void eachBuildGetsTheScannedPlatformWithItsOwnAbi() {
    TargetEnvironment scanned = TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64");
    TargetEnvironment ft =
        BenchDependencyInstaller.environment(interpreter("3.13.5", true), scanned);
    TargetEnvironment gil =
        BenchDependencyInstaller.environment(interpreter("3.13.5", false), scanned);
    assertThat(ft).isSameAs(scanned);
    assertThat(gil.python().toString()).isEqualTo("3.13");
    assertThat(gil.platform()).isEqualTo(scanned.platform());
    assertThat(BenchDependencyInstaller.environment(interpreter("3.14.0", true), scanned))
        .isNotEqualTo(scanned);
  }

  @Test
  void distributionsWhoseImportKillsTheInterpreterAreLeftOut() {
    Map<String, String> unsafe =
        BenchDependencyInstaller.unsafe(
            Map.of(
                "segv", "crash",
                "hang", "timeout",
                "quits", "exit-at-import",
                "legacy", "gil-reenabled",
                "broken", "import-error",
                "fine", "clean"));
    assertThat(unsafe).containsOnlyKeys("segv", "hang", "quits");
    assertThat(unsafe.get("segv"))
        .isEqualTo(
            "left out: its import probe ended in 'crash', which would end every benchmark run");
  }

  @Test
  void withDepsNeedsABenchAndTheBenchModeIsChecked() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"scan", "purelib", "--with-deps"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()),
            dir);
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--with-deps: only has a meaning with --bench quick or --bench full");
    StringWriter err2 = new StringWriter();
    int code2 =
        Main.run(
            new String[] {"scan", "purelib", "--bench", "fast"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err2),
            Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()),
            dir);
    assertThat(code2).isEqualTo(2);
    assertThat(err2.toString()).contains("--bench: expected none, quick or full but found 'fast'");
  }

  private static PythonInterpreter interpreter(String version, boolean freeThreaded) {
    return new PythonInterpreter(
        Path.of("/py/python"),
        version,
        freeThreaded,
        "cpython",
        ".so",
        Path.of("/py/include"),
        "x86_64",
        java.util.Optional.of("2.36"),
        "test");
  }
}
