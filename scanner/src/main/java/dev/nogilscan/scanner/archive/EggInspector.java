package dev.nogilscan.scanner.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a legacy setuptools {@code .egg} (a zip with {@code EGG-INFO/PKG-INFO}, {@code
 * top_level.txt} and possibly compiled modules), read-only: pip never installs eggs, so nothing
 * here is ever installed or probed; the report only shows what is inside. Same checks as {@link
 * WheelInspector}. Thread safe (stateless).
 */
public final class EggInspector implements ArchiveInspector {
  private final ArchiveLimits limits;

  public EggInspector(ArchiveLimits limits) {
    this.limits = limits;
  }

  @Override
  public String settings() {
    return limits.settings();
  }

  @Override
  public boolean accepts(String filename) {
    return filename.endsWith(".egg");
  }

  @Override
  public Inspection inspect(Path archive, String filename) throws ArchiveException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      List<ZipArchiveEntry> entries = WheelInspector.checkedEntries(zip, filename, limits);
      List<String> files = new ArrayList<>();
      List<ExtensionModule> extensions = new ArrayList<>();
      Optional<String> pkgInfo = Optional.empty();
      Optional<String> topLevel = Optional.empty();
      for (ZipArchiveEntry e : entries) {
        String name = EntryNames.check(filename, e.getName());
        if (e.isDirectory()) {
          continue;
        }
        if (name.startsWith("EGG-INFO/")) {
          if (name.equals("EGG-INFO/PKG-INFO")) {
            pkgInfo = Optional.of(read(zip, e, filename));
          } else if (name.equals("EGG-INFO/top_level.txt")) {
            topLevel = Optional.of(read(zip, e, filename));
          }
          continue;
        }
        files.add(name);
        Members.extension(name).ifPresent(extensions::add);
      }
      if (pkgInfo.isEmpty()) {
        throw new ArchiveException(filename + ": not an egg: no EGG-INFO/PKG-INFO member");
      }
      List<String> importNames =
          topLevel
              .map(WheelInspector::topLevelNames)
              .filter(l -> !l.isEmpty())
              .orElseGet(() -> Members.importNames(files));
      return new Inspection(
          filename,
          extensions.isEmpty() ? "pure" : "native",
          extensions,
          List.of(),
          List.of(),
          importNames,
          pkgInfo,
          entries.size());
    } catch (IOException | RuntimeException e) {
      throw new ArchiveException(filename + ": unreadable egg: " + e.getMessage(), e);
    }
  }

  private String read(ZipFile zip, ZipArchiveEntry e, String filename)
      throws IOException, ArchiveException {
    try (InputStream in = zip.getInputStream(e)) {
      byte[] bytes = in.readNBytes(limits.maxMemberBytes() + 1);
      if (bytes.length > limits.maxMemberBytes()) {
        throw new ArchiveException(
            filename
                + ": "
                + e.getName()
                + " is larger than "
                + limits.maxMemberBytes()
                + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
