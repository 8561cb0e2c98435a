package dev.nogilscan.scanner.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
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
 * extension modules and the ABI their suffixes name, reads {@code METADATA}, {@code top_level.txt}
 * and {@code RECORD}, streams every member once through its RECORD hash, and notes where the
 * contents contradict the filename's tags. Nothing is extracted; memory stays at one buffer plus
 * the small metadata members. Thread safe (stateless).
 */
public final class WheelInspector implements ArchiveInspector {
  private final ArchiveLimits limits;

  public WheelInspector(ArchiveLimits limits) {
    this.limits = limits;
  }

  @Override
  public String settings() {
    return limits.settings();
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
      Optional<String> record = Optional.empty();
      for (ZipArchiveEntry e : entries) {
        String name = EntryNames.check(filename, e.getName());
        if (e.isDirectory()) {
          continue;
        }
        files.add(name);
        Members.extension(name).ifPresent(extensions::add);
        if (isMetadata(name)) {
          metadata = Optional.of(read(zip, e, filename, limits));
        } else if (name.matches("[^/]+\\.dist-info/top_level\\.txt")) {
          topLevel = Optional.of(read(zip, e, filename, limits));
        } else if (name.matches("[^/]+\\.dist-info/RECORD")) {
          record = Optional.of(read(zip, e, filename, limits));
        }
      }
      if (metadata.isEmpty()) {
        throw new ArchiveException(filename + ": not a wheel: no *.dist-info/METADATA member");
      }
      RecordCheck check =
          record.isPresent()
              ? verify(zip, entries, WheelRecord.parse(filename, record.get()), filename, limits)
              : RecordCheck.absent();
      List<String> importNames =
          topLevel
              .map(WheelInspector::topLevelNames)
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
          entries.size(),
          TagTraps.of(filename, extensions),
          Optional.of(check));
    } catch (IOException | RuntimeException e) {
      throw new ArchiveException(filename + ": unreadable wheel: " + e.getMessage(), e);
    }
  }

  /** The member a wheel's core metadata is read from: a {@code *.dist-info/METADATA} at the top. */
  private static boolean isMetadata(String name) {
    return name.matches("[^/]+\\.dist-info/METADATA");
  }

  /**
   * A wheel's {@code METADATA} read through {@code zip} as {@link #inspect} reads it (the same
   * checks of the central directory, the same member, the same size limit) without reading any
   * other member: for a wheel read by HTTP range requests. Empty when it has none.
   *
   * @throws ArchiveException when the central directory fails a check or the member is too large
   */
  public static Optional<String> metadata(ZipFile zip, String filename, ArchiveLimits limits)
      throws ArchiveException, IOException {
    ZipArchiveEntry last = null;
    for (ZipArchiveEntry e : checkedEntries(zip, filename, limits)) {
      if (!e.isDirectory() && isMetadata(EntryNames.check(filename, e.getName()))) {
        last = e; // the last one, as inspect() keeps
      }
    }
    return last == null ? Optional.empty() : Optional.of(read(zip, last, filename, limits));
  }

  static List<String> topLevelNames(String text) {
    return text.lines()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace('/', '.'))
        .sorted()
        .distinct()
        .toList();
  }

  /**
   * Streams every file once through its RECORD hash (one buffer, bounded by the declared size) and
   * compares names, sizes and digests with RECORD.
   */
  static RecordCheck verify(
      ZipFile zip,
      List<ZipArchiveEntry> entries,
      WheelRecord record,
      String filename,
      ArchiveLimits limits)
      throws IOException, ArchiveException {
    List<String> unlisted = new ArrayList<>();
    List<String> unhashed = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Set<String> present = new HashSet<>();
    long total = 0;
    for (ZipArchiveEntry e : entries) {
      String name = EntryNames.check(filename, e.getName());
      if (e.isDirectory()) {
        continue;
      }
      present.add(name);
      if (WheelRecord.isRecordFile(name)) {
        continue;
      }
      Optional<WheelRecord.Row> row = record.row(name);
      if (row.isEmpty()) {
        unlisted.add(name);
      } else if (!row.get().hashed()) {
        unhashed.add(name);
      }
      Optional<MessageDigest> digest =
          row.filter(WheelRecord.Row::hashed).flatMap(r -> WheelRecord.digest(r.algorithm()));
      long size;
      try (InputStream in = zip.getInputStream(e)) {
        size =
            MemberStream.copy(
                in,
                e.getSize(),
                limits.maxTotalBytes() - total,
                limits.maxTotalBytes(),
                digest.orElse(null),
                null,
                filename,
                name);
      }
      total += size;
      if (row.isEmpty()) {
        continue;
      }
      WheelRecord.Row r = row.get();
      if (r.size() >= 0 && r.size() != size) {
        mismatched.add(name + ": " + size + " bytes, RECORD says " + r.size());
      } else if (r.hashed() && digest.isEmpty()) {
        mismatched.add(name + ": unsupported hash " + EntryNames.printable(r.algorithm()));
      } else if (digest.isPresent() && !MessageDigest.isEqual(digest.get().digest(), r.digest())) {
        mismatched.add(name + ": " + r.algorithm() + " differs");
      }
    }
    List<String> missing =
        record.rows().keySet().stream()
            .filter(p -> !present.contains(p) && !p.endsWith("/"))
            .map(EntryNames::printable)
            .toList();
    return new RecordCheck(true, unlisted, missing, unhashed, mismatched);
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
