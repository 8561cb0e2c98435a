package dev.nogilscan.scanner.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Installs a wheel for an import probe: unpacks its {@code purelib}/{@code platlib} content into a
 * directory that is then put on {@code sys.path}. Applies the same checks as {@link
 * WheelInspector}, and writes only below the target directory: every path is checked after
 * normalisation, and no link is ever created. Scripts, headers and data are not installed (an
 * import does not need them).
 *
 * <p>RECORD policy, as an installer that validates RECORD would: every file RECORD hashes is hashed
 * while it is written, and a file whose size or hash differs from RECORD stops the installation
 * (the wheel was modified after it was built, so its code is not run). Files RECORD does not list,
 * RECORD entries the wheel lacks and a missing RECORD are reported by the inspection but do not
 * stop it.
 */
public final class WheelInstaller {
  private final ArchiveLimits limits;

  public WheelInstaller(ArchiveLimits limits) {
    this.limits = limits;
  }

  /**
   * @param target an empty directory owned by the tool
   * @throws ArchiveException when the wheel is unsafe or unreadable, or a file differs from RECORD
   */
  public void install(Path wheel, String filename, Path target) throws ArchiveException {
    Path root = target.toAbsolutePath().normalize();
    try (ZipFile zip = ZipFile.builder().setPath(wheel).get()) {
      List<ZipArchiveEntry> entries = WheelInspector.checkedEntries(zip, filename, limits);
      Optional<WheelRecord> record = record(zip, entries, filename);
      long written = 0;
      for (ZipArchiveEntry e : entries) {
        String name = EntryNames.check(filename, e.getName());
        if (e.isDirectory()) {
          continue;
        }
        String installed = WheelInspector.purelib(List.of(name)).get(0);
        if (installed.matches("[^/]+\\.data/.*")) {
          continue; // scripts, headers, data: not needed to import
        }
        Path out = root.resolve(installed).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
          throw new ArchiveException(
              filename + ": entry '" + name + "' would be written outside the target");
        }
        Optional<WheelRecord.Row> row =
            record.flatMap(r -> r.row(name)).filter(WheelRecord.Row::hashed);
        MessageDigest digest = null;
        if (row.isPresent()) {
          digest =
              WheelRecord.digest(row.get().algorithm())
                  .orElseThrow(
                      () ->
                          new ArchiveException(
                              filename
                                  + ": RECORD hashes '"
                                  + name
                                  + "' with unsupported algorithm '"
                                  + EntryNames.printable(row.get().algorithm())
                                  + "'; not installed for the probe"));
        }
        Files.createDirectories(out.getParent());
        long size;
        try (InputStream in = zip.getInputStream(e);
            OutputStream os = Files.newOutputStream(out)) {
          size =
              MemberStream.copy(
                  in,
                  e.getSize(),
                  limits.maxTotalBytes() - written,
                  limits.maxTotalBytes(),
                  digest,
                  os,
                  filename,
                  name);
        }
        written += size;
        if (row.isPresent()) {
          WheelRecord.Row r = row.get();
          if ((r.size() >= 0 && r.size() != size)
              || !MessageDigest.isEqual(digest.digest(), r.digest())) {
            throw new ArchiveException(
                filename
                    + ": '"
                    + name
                    + "' does not match its RECORD "
                    + r.algorithm()
                    + (r.size() >= 0 && r.size() != size
                        ? " and size (" + size + " bytes, RECORD says " + r.size() + ")"
                        : "")
                    + "; the wheel was modified after it was built, not installed for the probe");
          }
        }
        if ((e.getUnixMode() & 0100) != 0) {
          out.toFile().setExecutable(true, true);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ArchiveException(filename + ": cannot install for the probe: " + e.getMessage(), e);
    }
  }

  private Optional<WheelRecord> record(ZipFile zip, List<ZipArchiveEntry> entries, String filename)
      throws IOException, ArchiveException {
    for (ZipArchiveEntry e : entries) {
      if (e.getName().matches("[^/]+\\.dist-info/RECORD")) {
        try (InputStream in = zip.getInputStream(e)) {
          byte[] bytes = in.readNBytes(limits.maxMemberBytes() + 1);
          if (bytes.length > limits.maxMemberBytes()) {
            throw new ArchiveException(
                filename + ": RECORD is larger than " + limits.maxMemberBytes() + " bytes");
          }
          return Optional.of(
              WheelRecord.parse(filename, new String(bytes, StandardCharsets.UTF_8)));
        }
      }
    }
    return Optional.empty();
  }
}
