package dev.nogilscan.scanner.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Installs a wheel for an import probe: unpacks its {@code purelib}/{@code platlib} content into a
 * directory that is then put on {@code sys.path}. Applies the same checks as {@link
 * WheelInspector}, and writes only below the target directory: every path is checked after
 * normalisation, and no link is ever created. Scripts, headers and data are not installed (an
 * import does not need them).
 */
public final class WheelInstaller {
  private final ArchiveLimits limits;

  public WheelInstaller(ArchiveLimits limits) {
    this.limits = limits;
  }

  /**
   * @param target an empty directory owned by the tool
   * @throws ArchiveException when the wheel is unsafe or unreadable
   */
  public void install(Path wheel, String filename, Path target) throws ArchiveException {
    Path root = target.toAbsolutePath().normalize();
    try (ZipFile zip = ZipFile.builder().setPath(wheel).get()) {
      List<ZipArchiveEntry> entries = WheelInspector.checkedEntries(zip, filename, limits);
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
        if (!out.startsWith(root)) {
          throw new ArchiveException(
              filename + ": entry '" + name + "' would be written outside the target");
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(e);
            OutputStream os = Files.newOutputStream(out)) {
          byte[] buffer = new byte[65536];
          int n;
          while ((n = in.read(buffer)) > 0) {
            written += n;
            if (written > limits.maxTotalBytes()) {
              throw new ArchiveException(
                  filename + ": more than " + limits.maxTotalBytes() + " bytes when unpacked");
            }
            os.write(buffer, 0, n);
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
}
