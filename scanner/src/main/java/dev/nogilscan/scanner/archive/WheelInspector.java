package dev.nogilscan.scanner.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a wheel (PEP 427) through its central directory: lists its members, finds compiled
 * extension modules and the ABI their suffixes name, and reads {@code METADATA} and {@code
 * top_level.txt}. Nothing is extracted. Thread safe (stateless).
 */
public final class WheelInspector implements ArchiveInspector {
  private final ArchiveLimits limits;

  public WheelInspector(ArchiveLimits limits) {
    this.limits = limits;
  }

  @Override
  public boolean accepts(String filename) {
    return filename.endsWith(".whl");
  }

  @Override
  public Inspection inspect(Path archive, String filename) throws ArchiveException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      List<ZipArchiveEntry> entries = checkedEntries(zip, filename, limits);
      List<String> files = new ArrayList<>();
      List<ExtensionModule> extensions = new ArrayList<>();
      Optional<String> metadata = Optional.empty();
      Optional<String> topLevel = Optional.empty();
      for (ZipArchiveEntry e : entries) {
        String name = EntryNames.check(filename, e.getName());
        if (e.isDirectory()) {
          continue;
        }
        files.add(name);
        Members.extension(name).ifPresent(extensions::add);
        if (name.matches("[^/]+\\.dist-info/METADATA")) {
          metadata = Optional.of(read(zip, e, filename, limits));
        } else if (name.matches("[^/]+\\.dist-info/top_level\\.txt")) {
          topLevel = Optional.of(read(zip, e, filename, limits));
        }
      }
      if (metadata.isEmpty()) {
        throw new ArchiveException(filename + ": not a wheel: no *.dist-info/METADATA member");
      }
      List<String> importNames =
          topLevel
              .map(
                  t ->
                      t.lines()
                          .map(String::strip)
                          .filter(s -> !s.isEmpty())
                          .map(s -> s.replace('/', '.'))
                          .sorted()
                          .distinct()
                          .toList())
              .filter(l -> !l.isEmpty())
              .orElseGet(() -> Members.importNames(purelib(files)));
      return new Inspection(
          filename,
          extensions.isEmpty() ? "pure" : "native",
          extensions,
          List.of(),
          List.of(),
          importNames,
          metadata,
          entries.size());
    } catch (IOException | RuntimeException e) {
      throw new ArchiveException(filename + ": unreadable wheel: " + e.getMessage(), e);
    }
  }

  /** Members under {@code *.data/purelib|platlib/} moved to the root, as an installer does. */
  static List<String> purelib(List<String> files) {
    List<String> out = new ArrayList<>();
    for (String f : files) {
      out.add(f.replaceFirst("^[^/]+\\.data/(?:purelib|platlib)/", ""));
    }
    return out;
  }

  /**
   * The entries in central-directory order after the safety checks every reader of a wheel applies:
   * entry count, duplicate names, symlinks, encryption, total size, ratio.
   */
  static List<ZipArchiveEntry> checkedEntries(ZipFile zip, String filename, ArchiveLimits limits)
      throws ArchiveException {
    List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
    if (entries.size() > limits.maxEntries()) {
      throw new ArchiveException(
          filename
              + ": "
              + entries.size()
              + " entries, more than the limit of "
              + limits.maxEntries());
    }
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (ZipArchiveEntry e : entries) {
      String name = EntryNames.check(filename, e.getName());
      if (!seen.add(name)) {
        throw new ArchiveException(filename + ": duplicate entry '" + name + "'");
      }
      if (e.isUnixSymlink()) {
        throw new ArchiveException(filename + ": entry '" + name + "' is a symbolic link");
      }
      if (e.getGeneralPurposeBit().usesEncryption()) {
        throw new ArchiveException(filename + ": entry '" + name + "' is encrypted");
      }
      long size = Math.max(0, e.getSize());
      total += size;
      if (total > limits.maxTotalBytes()) {
        throw new ArchiveException(
            filename + ": more than " + limits.maxTotalBytes() + " bytes uncompressed");
      }
      long compressed = Math.max(1, e.getCompressedSize());
      if (size > 1 << 20 && size / compressed > limits.maxRatio()) {
        throw new ArchiveException(
            filename
                + ": entry '"
                + name
                + "' compresses "
                + (size / compressed)
                + ":1, a likely decompression bomb");
      }
    }
    return entries;
  }

  private static String read(ZipFile zip, ZipArchiveEntry e, String filename, ArchiveLimits limits)
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
