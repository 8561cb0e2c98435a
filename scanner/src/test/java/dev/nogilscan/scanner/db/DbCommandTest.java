package dev.nogilscan.scanner.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.scanner.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nogil-scan db show|export} through the real CLI entry point, offline. */
class DbCommandTest {
  @TempDir Path dir;

  private static final String SNAPSHOT =
      """
      {"formatVersion": 1, "version": "2026.11.27", "date": "2026-11-27",
       "generatedBy": "nogil-scan db update --top 1", "index": "https://pypi.org/simple/",
       "packages": {"numpy": {"rank": 20, "latestVersion": "2.5.5", "learned": "2026-11-27",
         "targets": {"3.13t": {"platforms": {"linux-x86_64": {"versions": ["2.1.0", "2.4.6"],
           "evidence": [{"kind": "wheel", "detail": "numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl", "learned": "2026-11-27"}]}},
           "probe": {"version": "2.4.6", "wheel": "numpy-2.4.6-cp313-cp313t-manylinux_2_28_x86_64.whl",
             "interpreter": "CPython 3.13.5t", "outcome": "clean", "gilModules": [],
             "detail": "imported numpy; GIL still disabled", "learned": "2026-11-27"}}}}}}
      """;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of(
                "XDG_CACHE_HOME",
                dir.resolve("cache").toString(),
                "SOURCE_DATE_EPOCH",
                "1795737600"),
            dir);
    return new Run(code, out.toString(), err.toString());
  }

  private Path snapshot() throws IOException {
    return Files.writeString(dir.resolve("snapshot.json"), SNAPSHOT);
  }

  @Test
  void showPrintsWhatIsKnownAndWhy() throws IOException {
    Run r =
        run(
            "db",
            "show",
            "NumPy",
            "--db",
            snapshot().toString(),
            "--target",
            "3.13t",
            "--platform",
            "manylinux_2_36_x86_64");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            numpy in compat-db 2026.11.27 (2026-11-27, 1 packages)
              rank 20, newest release 2.5.5, learned 2026-11-27
              Free Threading classifier: none
              3.13t:
                linux-x86_64   free-threaded-wheels: free-threaded wheels from 2.1.0 (2 release(s), newest 2.4.6)
                    evidence: wheel: numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.whl (2026-11-27)
                probe: clean — numpy-2.4.6-cp313-cp313t-manylinux_2_28_x86_64.whl on CPython 3.13.5t: imported numpy; GIL still disabled (learned 2026-11-27)
            """);
  }

  @Test
  void unknownPackageIsNotAnError() throws IOException {
    Run r = run("db", "show", "left-pad", "--db", snapshot().toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("left-pad in compat-db 2026.11.27")
        .contains("not in the database");
  }

  @Test
  void exportWritesASnapshotThatLoadsOffline() throws IOException {
    Path out = dir.resolve("export/db.json");
    Run r = run("db", "export", out.toString(), "--db", snapshot().toString());
    assertThat(r.code()).isZero();
    assertThat(CompatDatabase.load(out).toJson())
        .isEqualTo(CompatDatabase.load(snapshot()).toJson());
  }

  @Test
  void exportOfTheBundledSnapshot() {
    Path out = dir.resolve("bundled.json");
    assertThat(run("db", "export", out.toString()).code()).isZero();
    assertThat(CompatDatabase.load(out).version()).isEqualTo(CompatDatabase.load().version());
  }

  @Test
  void malformedSnapshotIsAnInputError() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), SNAPSHOT.replace("\"2.1.0\"", "\"two\""));
    Run r = run("db", "show", "numpy", "--db", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "nogil-scan: "
                + bad
                + ": $.packages.numpy.targets['3.13t'].platforms['linux-x86_64'].versions[0]: expected a PEP 440 version but found 'two'\n");
  }

  @Test
  void overridesAndExpiredSuppressionsAreShown() throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("nogil-scan.toml"),
            """
            [[override]]
            package = "numpy"
            status = "known-bad"
            versions = "<2.2"
            reason = "crashes in our CI"

            [[suppress]]
            package = "numpy"
            reason = "waiting for 2.2"
            expires = 2026-11-01
            """);
    Run r =
        run(
            "db",
            "show",
            "numpy",
            "--db",
            snapshot().toString(),
            "--project",
            toml.toString(),
            "--target",
            "3.13t",
            "--platform",
            "manylinux_2_36_x86_64");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("  override: known-bad <2.2: crashes in our CI (" + toml + ": $.override[0])")
        .contains("    linux-x86_64   known-bad: free-threaded wheels from 2.1.0")
        .contains(
            "  suppressed until 2026-11-01 (EXPIRED): waiting for 2.2 ("
                + toml
                + ": $.suppress[0])")
        .contains(
            "  expired suppressions in "
                + toml
                + ":\n    numpy expired 2026-11-01: waiting for 2.2");
  }

  @Test
  void updateNeedsARankingOrPackages() {
    Run r = run("db", "update", "--no-probe");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("nogil-scan: db update: give --ranking FILE");
  }
}
