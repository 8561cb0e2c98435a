package dev.nogilscan.scanner.archive;

import static dev.nogilscan.scanner.archive.TestArchives.wheel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RECORD against the files: the inspector reports, the installer refuses modified content. */
class WheelRecordTest {
  private static final String WHL = "demo-1.0-py3-none-any.whl";
  private static final String INFO = "demo-1.0.dist-info/";

  @TempDir Path dir;
  private final WheelInspector inspector = new WheelInspector(ArchiveLimits.DEFAULT);
  private final WheelInstaller installer = new WheelInstaller(ArchiveLimits.DEFAULT);

  private static String line(String name, String content) {
    return TestArchives.recordLine(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static String metadataLines() {
    return line(INFO + "METADATA", TestArchives.metadata("demo", "1.0"))
        + line(INFO + "WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n");
  }

  private RecordCheck check(Path whl) throws ArchiveException {
    return inspector.inspect(whl, WHL).record().orElseThrow();
  }

  @Test
  void matchingRecord() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "x = 1\n")
            .file("demo/a,b.py", "")
            .record(INFO + "RECORD")
            .zip(dir.resolve(WHL));

    RecordCheck check = check(whl);

    assertThat(check.matches()).isTrue();
    assertThat(check.contentDiffers()).isFalse();
    assertThat(check.describe()).isEqualTo("RECORD matches every file (sizes and hashes)");
  }

  @Test
  void noRecord() throws Exception {
    Path whl = wheel("demo", "1.0").file("demo/__init__.py", "").zip(dir.resolve(WHL));

    RecordCheck check = check(whl);

    assertThat(check).isEqualTo(RecordCheck.absent());
    assertThat(check.matches()).isFalse();
    assertThat(check.describe()).startsWith("no RECORD: ");
  }

  @Test
  void everyKindOfMismatchIsNamed() throws Exception {
    String record =
        metadataLines()
            + line("demo/__init__.py", "x = 1\n") // hashed content differs below
            + line("demo/gone.py", "") // not in the archive
            + "demo/nohash.py,,\n"
            + line("demo/size.py", "abc").replaceFirst(",3\n", ",4\n")
            + "demo/weak.py,md5=1B2M2Y8AsgTpgAmY7PhCfg,0\n"
            + INFO
            + "RECORD,,\n";
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "x = 2\n")
            .file("demo/nohash.py", "")
            .file("demo/size.py", "abc")
            .file("demo/weak.py", "")
            .file("demo/extra.py", "")
            .file(INFO + "RECORD", record)
            .zip(dir.resolve(WHL));

    RecordCheck check = check(whl);

    assertThat(check.unlisted()).containsExactly("demo/extra.py");
    assertThat(check.missing()).containsExactly("demo/gone.py");
    assertThat(check.unhashed()).containsExactly("demo/nohash.py");
    assertThat(check.mismatched())
        .containsExactly(
            "demo/__init__.py: sha256 differs",
            "demo/size.py: 3 bytes, RECORD says 4",
            "demo/weak.py: unsupported hash md5");
    assertThat(check.contentDiffers()).isTrue();
    assertThat(check.describe())
        .isEqualTo(
            "RECORD does not match the files: 3 files differ from RECORD (demo/__init__.py:"
                + " sha256 differs, demo/size.py: 3 bytes, RECORD says 4, demo/weak.py:"
                + " unsupported hash md5); 1 file not listed in RECORD (demo/extra.py); 1 RECORD"
                + " entry missing from the archive (demo/gone.py); 1 file listed without a hash"
                + " (demo/nohash.py)");
  }

  @Test
  void malformedRecordIsRefused() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "")
            .file(INFO + "RECORD", "demo/__init__.py,nohash,0\n")
            .zip(dir.resolve(WHL));

    assertThatThrownBy(() -> inspector.inspect(whl, WHL))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(WHL + ": RECORD line 1: expected a hash 'algo=digest', got 'nohash'");
  }

  @Test
  void unclosedQuoteInRecordIsRefused() throws Exception {
    Path whl =
        wheel("demo", "1.0").file(INFO + "RECORD", "\"demo/__init__.py,,\n").zip(dir.resolve(WHL));

    assertThatThrownBy(() -> inspector.inspect(whl, WHL))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(WHL + ": RECORD line 1: a quoted field is not closed");
  }

  @Test
  void installerRefusesAFileThatDiffersFromRecord() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "x = 2\n")
            .file(INFO + "RECORD", metadataLines() + line("demo/__init__.py", "x = 1\n"))
            .zip(dir.resolve(WHL));
    Path site = Files.createDirectory(dir.resolve("site"));

    assertThatThrownBy(() -> installer.install(whl, WHL, site))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(
            WHL
                + ": 'demo/__init__.py' does not match its RECORD sha256; the wheel was modified"
                + " after it was built, not installed for the probe");
  }

  @Test
  void installerInstallsUnlistedFilesAndVerifiesListedOnes() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "x = 1\n")
            .file(INFO + "RECORD", metadataLines() + line("demo/__init__.py", "x = 1\n"))
            .file("demo/unlisted.py", "y = 1\n")
            .zip(dir.resolve(WHL));
    Path site = Files.createDirectory(dir.resolve("site"));

    installer.install(whl, WHL, site);

    assertThat(site.resolve("demo/__init__.py")).hasContent("x = 1");
    assertThat(site.resolve("demo/unlisted.py")).hasContent("y = 1");
    assertThat(check(whl).unlisted()).containsExactly("demo/unlisted.py");
  }

  @Test
  void installerRefusesAWrongSizeEvenWithAMatchingHash() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "x = 1\n")
            .file(
                INFO + "RECORD",
                metadataLines() + line("demo/__init__.py", "x = 1\n").replace(",6\n", ",7\n"))
            .zip(dir.resolve(WHL));
    Path site = Files.createDirectory(dir.resolve("site"));

    assertThatThrownBy(() -> installer.install(whl, WHL, site))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(
            "'demo/__init__.py' does not match its RECORD sha256 and size (6 bytes, RECORD says 7)");
  }
}
