package dev.nogilscan.scanner.archive;

import static dev.nogilscan.scanner.archive.TestArchives.wheel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WheelInspectorTest {
  private static final String PURE = "demo-1.0-py3-none-any.whl";
  private static final String NATIVE = "demo-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl";

  @TempDir Path dir;
  private final WheelInspector inspector = new WheelInspector(ArchiveLimits.DEFAULT);

  @Test
  void acceptsWheelsOnly() {
    assertThat(inspector.accepts(PURE)).isTrue();
    assertThat(inspector.accepts("demo-1.0.tar.gz")).isFalse();
    assertThat(inspector.accepts("demo-1.0.zip")).isFalse();
  }

  @Test
  void pureWheel() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .directory("demo/")
            .file("demo/__init__.py", "")
            .file("demo/sub/mod.py", "x = 1\n")
            .file("single.py", "")
            .record("demo-1.0.dist-info/RECORD")
            .zip(dir.resolve(PURE));

    Inspection inspection = inspector.inspect(whl, PURE);

    assertThat(inspection)
        .isEqualTo(
            new Inspection(
                PURE,
                "pure",
                List.of(),
                List.of(),
                List.of(),
                List.of("demo", "single"),
                Optional.of(TestArchives.metadata("demo", "1.0")),
                7,
                List.of(),
                Optional.of(new RecordCheck(true, List.of(), List.of(), List.of(), List.of()))));
    assertThat(inspection.record().orElseThrow().matches()).isTrue();
    assertThat(inspection.isNative()).isFalse();
  }

  @Test
  void nativeWheelWithFreeThreadedExtension() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "")
            .file("demo/_core.cpython-313t-x86_64-linux-gnu.so", "\u007fELF")
            .file("demo/_old.abi3.so", "\u007fELF")
            .zip(dir.resolve(NATIVE));

    Inspection inspection = inspector.inspect(whl, NATIVE);

    assertThat(inspection.kind()).isEqualTo("native");
    assertThat(inspection.isNative()).isTrue();
    assertThat(inspection.extensions())
        .containsExactly(
            new ExtensionModule("demo/_core.cpython-313t-x86_64-linux-gnu.so", "cpython-313t"),
            new ExtensionModule("demo/_old.abi3.so", "abi3"));
    assertThat(inspection.importNames()).containsExactly("demo");
  }

  @Test
  void abiOfEachExtensionSuffix() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("a.cpython-313t-x86_64-linux-gnu.so", "")
            .file("b.cpython-313-x86_64-linux-gnu.so", "")
            .file("c.abi3.so", "")
            .file("d.so", "")
            .zip(dir.resolve(NATIVE));

    assertThat(inspector.inspect(whl, NATIVE).extensions())
        .extracting(ExtensionModule::abi)
        .containsExactly("cpython-313t", "cpython-313", "abi3", "bare");
    assertThat(inspector.inspect(whl, NATIVE).importNames()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void importNamesFromTopLevelTxt() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo-1.0.dist-info/top_level.txt", "demo\n\n  _demo_native \ndemo\nns/sub\n")
            .file("other/__init__.py", "")
            .zip(dir.resolve(PURE));

    assertThat(inspector.inspect(whl, PURE).importNames())
        .containsExactly("_demo_native", "demo", "ns.sub");
  }

  @Test
  void blankTopLevelTxtFallsBackToTheFileList() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo-1.0.dist-info/top_level.txt", "\n \n")
            .file("other/__init__.py", "")
            .zip(dir.resolve(PURE));

    assertThat(inspector.inspect(whl, PURE).importNames()).containsExactly("other");
  }

  @Test
  void importNamesFromDataPurelibAndPlatlib() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo-1.0.data/purelib/extra_pkg/__init__.py", "")
            .file("demo-1.0.data/platlib/_fast.cpython-313t-x86_64-linux-gnu.so", "")
            .file("demo-1.0.data/scripts/tool.py", "")
            .file("demo-1.0.data/headers/demo.h", "")
            .zip(dir.resolve(NATIVE));

    Inspection inspection = inspector.inspect(whl, NATIVE);

    assertThat(inspection.importNames()).containsExactly("_fast", "extra_pkg");
    assertThat(inspection.extensions())
        .containsExactly(
            new ExtensionModule(
                "demo-1.0.data/platlib/_fast.cpython-313t-x86_64-linux-gnu.so", "cpython-313t"));
  }

  @Test
  void missingMetadataIsNotAWheel() throws Exception {
    Path whl =
        TestArchives.archive()
            .file("demo/__init__.py", "")
            .file("demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n")
            .file("demo-1.0.dist-info/sub/METADATA", "nested, not the metadata")
            .zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": not a wheel: no *.dist-info/METADATA member");
  }

  @Test
  void notAZipIsUnreadable() throws Exception {
    Path whl = Files.writeString(dir.resolve(PURE), "<html>this is an error page</html>");

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(PURE + ": unreadable wheel: ")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void leadingDotSlashIsAccepted() throws Exception {
    Path whl =
        TestArchives.archive()
            .file("./demo-1.0.dist-info/METADATA", TestArchives.metadata("demo", "1.0"))
            .file("./demo/__init__.py", "")
            .zip(dir.resolve(PURE));

    assertThat(inspector.inspect(whl, PURE).importNames()).containsExactly("demo");
  }

  // hostile archives: each is refused with a message naming the entry

  @Test
  void dotDotEntryIsRefused() throws Exception {
    Path whl = wheel("demo", "1.0").file("demo/../../evil.py", "import os").zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": entry 'demo/../../evil.py' escapes the archive with '..'");
  }

  @Test
  void absoluteEntryIsRefused() throws Exception {
    Path whl = wheel("demo", "1.0").file("/etc/cron.d/evil", "* * * * *").zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": unsafe entry name '/etc/cron.d/evil'");
  }

  @Test
  void driveLetterEntryIsRefused() throws Exception {
    Path whl = wheel("demo", "1.0").file("C:/Windows/evil.py", "").zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": unsafe entry name 'C:/Windows/evil.py'");
  }

  @Test
  void backslashEntryIsRefused() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/..\\..\\evil.py", "".getBytes(), TestArchives.FILE)
            .zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": unsafe entry name 'demo/..\\..\\evil.py'");
  }

  @Test
  void backslashOnlyDosEntryIsReadWithSlashesAndStillRefused() throws Exception {
    // Commons Compress turns '\' into '/' in names without '/' from DOS-made zips
    Path whl = wheel("demo", "1.0").file("demo\\..\\..\\evil.py", "").zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": entry 'demo/../../evil.py' escapes the archive with '..'");
  }

  @Test
  void controlCharactersArePrintedAsQuestionMarks() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/\u001b[31m/../../x.py", "".getBytes(), TestArchives.FILE)
            .zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": entry 'demo/?[31m/../../x.py' escapes the archive with '..'");
  }

  @Test
  void duplicateEntryIsRefused() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", "good")
            .file("demo/__init__.py", "evil")
            .zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": duplicate entry 'demo/__init__.py'");
  }

  @Test
  void symlinkEntryIsRefused() throws Exception {
    Path whl = wheel("demo", "1.0").symlink("demo/link", "/etc/passwd").zip(dir.resolve(PURE));

    assertThatThrownBy(() -> inspector.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": entry 'demo/link' is a symbolic link");
  }

  @Test
  void tooManyEntriesAreRefused() throws Exception {
    Path whl = wheel("demo", "1.0").file("a.py", "").file("b.py", "").zip(dir.resolve(PURE));
    WheelInspector small = new WheelInspector(new ArchiveLimits(3, 1 << 20, 1000, 1 << 20));

    assertThatThrownBy(() -> small.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": 4 entries, more than the limit of 3");
  }

  @Test
  void entriesAtTheLimitAreAccepted() throws Exception {
    Path whl = wheel("demo", "1.0").file("a.py", "").zip(dir.resolve(PURE));
    WheelInspector small = new WheelInspector(new ArchiveLimits(3, 1 << 20, 1000, 1 << 20));

    assertThat(small.inspect(whl, PURE).entries()).isEqualTo(3);
  }

  @Test
  void tooManyBytesAreRefused() throws Exception {
    Path whl = wheel("demo", "1.0").file("big.py", "x".repeat(200)).zip(dir.resolve(PURE));
    WheelInspector small = new WheelInspector(new ArchiveLimits(100, 150, 1000, 1 << 20));

    assertThatThrownBy(() -> small.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": more than 150 bytes uncompressed");
  }

  @Test
  void oversizedMetadataIsRefused() throws Exception {
    Path whl = wheel("demo", "1.0").zip(dir.resolve(PURE));
    WheelInspector small = new WheelInspector(new ArchiveLimits(100, 1 << 20, 1000, 10));

    assertThatThrownBy(() -> small.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(PURE + ": demo-1.0.dist-info/METADATA is larger than 10 bytes");
  }

  @Test
  void decompressionBombIsRefused() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/zeros.bin", new byte[2 << 20], TestArchives.FILE)
            .zip(dir.resolve(PURE));
    long ratio;
    try (ZipFile zip = new ZipFile(whl.toFile())) {
      var e = zip.getEntry("demo/zeros.bin");
      ratio = e.getSize() / e.getCompressedSize();
    }
    assertThat(ratio).isGreaterThan(100);
    WheelInspector strict = new WheelInspector(new ArchiveLimits(100, 1L << 30, 100, 1 << 20));

    assertThatThrownBy(() -> strict.inspect(whl, PURE))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(
            PURE
                + ": entry 'demo/zeros.bin' compresses "
                + ratio
                + ":1, a likely decompression bomb");
  }
}
