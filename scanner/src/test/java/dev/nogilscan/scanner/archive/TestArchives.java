package dev.nogilscan.scanner.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * Builds wheels and sdists inside a test, so no binary fixture is ever committed. Entries are
 * written exactly as given (names are not sanitised), which is what the hostile cases need.
 */
final class TestArchives {
  static final int FILE = 0100644;
  static final int EXECUTABLE = 0100755;
  static final int SYMLINK = 0120777;
  static final int HARDLINK = -1;
  static final int ENCRYPTED = -2;

  /** One member: a file, a directory (name ends with '/'), or a symbolic link to {@code text}. */
  record Entry(String name, byte[] content, int unixMode) {
    boolean isDirectory() {
      return name.endsWith("/");
    }

    boolean isSymlink() {
      return unixMode == SYMLINK;
    }

    boolean isHardLink() {
      return unixMode == HARDLINK;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  static TestArchives archive() {
    return new TestArchives();
  }

  /** A minimal wheel: {@code NAME-VERSION.dist-info/METADATA} and {@code WHEEL}. */
  static TestArchives wheel(String name, String version) {
    String info = name + "-" + version + ".dist-info/";
    return archive()
        .file(info + "METADATA", metadata(name, version))
        .file(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n");
  }

  static String metadata(String name, String version) {
    return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n";
  }

  TestArchives file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8), 0);
  }

  TestArchives file(String name, byte[] content, int unixMode) {
    entries.add(new Entry(name, content, unixMode));
    return this;
  }

  TestArchives directory(String name) {
    entries.add(new Entry(name.endsWith("/") ? name : name + "/", new byte[0], 0));
    return this;
  }

  TestArchives symlink(String name, String target) {
    entries.add(new Entry(name, target.getBytes(StandardCharsets.UTF_8), SYMLINK));
    return this;
  }

  /** A tar hard link to {@code target} (tar only). */
  TestArchives hardlink(String name, String target) {
    entries.add(new Entry(name, target.getBytes(StandardCharsets.UTF_8), HARDLINK));
    return this;
  }

  /** A zip member whose header says it is encrypted (its data is not, which no reader sees). */
  TestArchives encrypted(String name, String text) {
    entries.add(new Entry(name, text.getBytes(StandardCharsets.UTF_8), ENCRYPTED));
    return this;
  }

  /**
   * Adds a correct {@code RECORD} at {@code path} for every file added so far, as a wheel builder
   * writes it: {@code path,sha256=<urlsafe base64, no padding>,size}, and RECORD itself unhashed.
   */
  TestArchives record(String path) {
    StringBuilder text = new StringBuilder();
    for (Entry e : entries) {
      if (e.isDirectory()) {
        continue;
      }
      text.append(recordLine(e.name(), e.content()));
    }
    text.append(path).append(",,\n");
    return file(path, text.toString());
  }

  static String recordLine(String name, byte[] content) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(content);
      String hash = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
      String quoted = name.contains(",") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
      return quoted + ",sha256=" + hash + "," + content.length + "\n";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes a zip (wheel or .zip sdist); duplicates and any name are written as given. */
  Path zip(Path file) throws IOException {
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(file)) {
      writeZip(out);
    }
    markEncrypted(file);
    return file;
  }

  /**
   * Sets the encryption flag (general purpose bit 0) of the {@link #encrypted} members in their
   * local and central headers: commons-compress refuses to write encrypted entries itself.
   */
  private void markEncrypted(Path file) throws IOException {
    List<String> names =
        entries.stream().filter(e -> e.unixMode() == ENCRYPTED).map(Entry::name).toList();
    if (names.isEmpty()) {
      return;
    }
    byte[] bytes = Files.readAllBytes(file);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 46 < bytes.length; i++) {
      int signature = b.getInt(i);
      int flags;
      int nameAt;
      int length;
      if (signature == 0x04034b50) {
        flags = i + 6;
        length = b.getShort(i + 26) & 0xffff;
        nameAt = i + 30;
      } else if (signature == 0x02014b50) {
        flags = i + 8;
        length = b.getShort(i + 28) & 0xffff;
        nameAt = i + 46;
      } else {
        continue;
      }
      if (nameAt + length <= bytes.length
          && names.contains(new String(bytes, nameAt, length, StandardCharsets.UTF_8))) {
        b.putShort(flags, (short) (b.getShort(flags) | 1));
      }
    }
    Files.write(file, bytes);
  }

  /**
   * Writes a zip as a stream (no seeking back), so local headers carry no sizes: they follow each
   * entry in a data descriptor, as zips written by streaming tools have them.
   */
  Path zipStreamed(Path file) throws IOException {
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
      writeZip(out);
    }
    return file;
  }

  private void writeZip(ZipArchiveOutputStream out) throws IOException {
    {
      for (Entry e : entries) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
        if (e.unixMode() > 0) {
          ze.setUnixMode(e.unixMode());
        }
        out.putArchiveEntry(ze);
        out.write(e.content());
        out.closeArchiveEntry();
      }
    }
  }

  Path tarGz(Path file) throws IOException {
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
      tar(out);
    }
    return file;
  }

  Path tarBz2(Path file) throws IOException {
    try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(file))) {
      tar(out);
    }
    return file;
  }

  Path tarXz(Path file) throws IOException {
    try (OutputStream out = new XZCompressorOutputStream(Files.newOutputStream(file))) {
      tar(out);
    }
    return file;
  }

  private void tar(OutputStream raw) throws IOException {
    TarArchiveOutputStream out = new TarArchiveOutputStream(raw);
    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    for (Entry e : entries) {
      TarArchiveEntry te;
      if (e.isSymlink() || e.isHardLink()) {
        te =
            new TarArchiveEntry(
                e.name(), e.isSymlink() ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK, true);
        te.setLinkName(new String(e.content(), StandardCharsets.UTF_8));
      } else {
        // preserveAbsolutePath: keep '/etc/x' as written, the hostile case needs it
        te = new TarArchiveEntry(e.name(), true);
        te.setSize(e.isDirectory() ? 0 : e.content().length);
      }
      out.putArchiveEntry(te);
      if (!e.isDirectory() && !e.isSymlink() && !e.isHardLink()) {
        out.write(e.content());
      }
      out.closeArchiveEntry();
    }
    out.finish();
  }
}
