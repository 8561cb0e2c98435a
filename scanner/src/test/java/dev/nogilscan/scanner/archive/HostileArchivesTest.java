package dev.nogilscan.scanner.archive;

import static dev.nogilscan.scanner.archive.TestArchives.archive;
import static dev.nogilscan.scanner.archive.TestArchives.wheel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Safety cases of issue 5 that the per-inspector tests do not cover: encrypted entries,
 * truncated and corrupt data, hard links, headers that lie about sizes, and bombs inside compressed
 * tar and zip streams. Each ends in an {@link ArchiveException} naming the problem.
 */
class HostileArchivesTest {
  private static final String WHL = "demo-1.0-py3-none-any.whl";
  private static final String TGZ = "demo-1.0.tar.gz";
  private static final String EGG = "demo-1.0-py3.13.egg";

  @TempDir Path dir;
  private final WheelInspector wheels = new WheelInspector(ArchiveLimits.DEFAULT);
  private final SdistInspector sdists = new SdistInspector(ArchiveLimits.DEFAULT);
  private final EggInspector eggs = new EggInspector(ArchiveLimits.DEFAULT);
  private final WheelInstaller installer = new WheelInstaller(ArchiveLimits.DEFAULT);

  private static TestArchives sdist() {
    return archive()
        .file("demo-1.0/PKG-INFO", TestArchives.metadata("demo", "1.0"))
        .file("demo-1.0/demo.py", "");
  }

  @Test
  void encryptedZipEntryIsRefusedByEveryZipReader() throws Exception {
    Path whl = wheel("demo", "1.0").encrypted("demo/__init__.py", "x").zip(dir.resolve(WHL));
    Path egg =
        archive()
            .file("EGG-INFO/PKG-INFO", TestArchives.metadata("demo", "1.0"))
            .encrypted("demo.py", "x")
            .zip(dir.resolve(EGG));
    Path zipSdist = sdist().encrypted("demo-1.0/x.py", "x").zip(dir.resolve("demo-1.0.zip"));
    Path site = Files.createDirectory(dir.resolve("site"));

    String expected = ": entry 'demo/__init__.py' is encrypted";
    assertThatThrownBy(() -> wheels.inspect(whl, WHL)).hasMessage(WHL + expected);
    assertThatThrownBy(() -> installer.install(whl, WHL, site)).hasMessage(WHL + expected);
    assertThatThrownBy(() -> eggs.inspect(egg, EGG))
        .hasMessage(EGG + ": entry 'demo.py' is encrypted");
    assertThatThrownBy(() -> sdists.inspect(zipSdist, "demo-1.0.zip"))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("encrypt");
    assertThat(site).isEmptyDirectory();
  }

  @Test
  void truncatedWheelIsUnreadable() throws Exception {
    Path whl =
        wheel("demo", "1.0").file("demo/__init__.py", "x = 1\n".repeat(100)).zip(dir.resolve(WHL));
    byte[] bytes = Files.readAllBytes(whl);
    Files.write(whl, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> wheels.inspect(whl, WHL))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(WHL + ": unreadable wheel: ");
  }

  @Test
  void truncatedTarGzIsUnreadable() throws Exception {
    Path tgz = sdist().file("demo-1.0/big.c", "int x;\n".repeat(5000)).tarGz(dir.resolve(TGZ));
    byte[] bytes = Files.readAllBytes(tgz);
    Files.write(tgz, Arrays.copyOf(bytes, bytes.length - 40));

    assertThatThrownBy(() -> sdists.inspect(tgz, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(TGZ + ": unreadable sdist: ");
  }

  @Test
  void corruptDeflateDataIsUnreadable() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      text.append("x").append(i).append(" = ").append((i * 7919L) % 10007).append('\n');
    }
    Path whl =
        wheel("demo", "1.0")
            .file("demo/__init__.py", text.toString())
            .record("demo-1.0.dist-info/RECORD")
            .zip(dir.resolve(WHL));
    byte[] bytes = Files.readAllBytes(whl);
    int at = indexOf(bytes, "demo/__init__.py".getBytes(StandardCharsets.UTF_8)) + 200;
    for (int i = at; i < at + 16; i++) {
      bytes[i] = (byte) 0xff;
    }
    Files.write(whl, bytes);
    Path site = Files.createDirectory(dir.resolve("site"));

    assertThatThrownBy(() -> wheels.inspect(whl, WHL))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(WHL + ": unreadable wheel: ");
    assertThatThrownBy(() -> installer.install(whl, WHL, site))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith(WHL + ": cannot install for the probe: ");
  }

  @Test
  void hardLinkInAnSdistIsNeitherFollowedNorRead() throws Exception {
    Path tgz = sdist().hardlink("demo-1.0/src/link.c", "/etc/passwd").tarGz(dir.resolve(TGZ));

    Inspection inspection = sdists.inspect(tgz, TGZ);

    assertThat(inspection.nativeSources()).isEmpty();
    assertThat(inspection.entries()).isEqualTo(3);
  }

  @Test
  void driveLetterInAnSdistIsRefused() throws Exception {
    Path tgz = sdist().file("C:/evil.py", "").tarGz(dir.resolve(TGZ));

    assertThatThrownBy(() -> sdists.inspect(tgz, TGZ))
        .hasMessage(TGZ + ": unsafe entry name 'C:/evil.py'");
  }

  @Test
  void memberLargerThanItsHeaderSaysIsRefused() throws Exception {
    Path whl =
        wheel("demo", "1.0")
            .file("demo/big.py", "a".repeat(5000))
            .record("demo-1.0.dist-info/RECORD")
            .zip(dir.resolve(WHL));
    declareSize(whl, "demo/big.py", 10);
    Path site = Files.createDirectory(dir.resolve("site"));

    String expected = ": entry 'demo/big.py' holds more than the 10 bytes its header declares";
    assertThatThrownBy(() -> wheels.inspect(whl, WHL)).hasMessage(WHL + expected);
    assertThatThrownBy(() -> installer.install(whl, WHL, site)).hasMessage(WHL + expected);
  }

  @Test
  void tarGzBombIsStoppedByTheRatio() throws Exception {
    Path tgz = sdist().file("demo-1.0/zeros.bin", new byte[8 << 20], 0).tarGz(dir.resolve(TGZ));
    SdistInspector strict = new SdistInspector(new ArchiveLimits(1000, 1L << 30, 100, 1 << 20));

    assertThatThrownBy(() -> strict.inspect(tgz, TGZ))
        .isInstanceOf(ArchiveException.class)
        .hasMessageMatching(
            TGZ
                + ": decompresses \\d+:1 \\(over the limit of 100:1\\), a likely decompression bomb");
  }

  @Test
  void streamedZipBombIsStoppedWhileInflating() throws Exception {
    String zip = "demo-1.0.zip";
    Path sdist =
        sdist().file("demo-1.0/zeros.bin", new byte[8 << 20], 0).zipStreamed(dir.resolve(zip));
    SdistInspector strict = new SdistInspector(new ArchiveLimits(1000, 1L << 30, 100, 1 << 20));

    assertThatThrownBy(() -> strict.inspect(sdist, zip))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("a likely decompression bomb");
  }

  @Test
  void installerNeverWritesOutsideItsDirectory() throws Exception {
    Path site = Files.createDirectory(dir.resolve("site"));
    for (String name :
        new String[] {"../x.py", "/tmp/x.py", "C:/x.py", "a\\..\\..\\x.py", "a/../../x.py"}) {
      Path whl = wheel("demo", "1.0").file(name, "").zip(dir.resolve(WHL));
      assertThatThrownBy(() -> installer.install(whl, WHL, site))
          .isInstanceOf(ArchiveException.class);
      Files.delete(whl);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("site");
    }
    assertThat(site).isEmptyDirectory();
  }

  /** Rewrites the uncompressed size the central directory gives for {@code name}. */
  private static void declareSize(Path zip, String name, int size) throws Exception {
    byte[] bytes = Files.readAllBytes(zip);
    byte[] cen = {0x50, 0x4b, 0x01, 0x02};
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 < bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + 4, cen, 0, 4)) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getShort(i + 28) & 0xffff;
        if (Arrays.equals(bytes, i + 46, i + 46 + length, wanted, 0, wanted.length)) {
          b.putInt(i + 24, size);
          Files.write(zip, bytes);
          return;
        }
      }
    }
    throw new AssertionError(name + " not in the central directory");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
