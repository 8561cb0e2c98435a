package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.CoreMetadata;
import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveInspector;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.cache.Downloads;
import dev.nogilscan.scanner.index.PackageIndex;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the dependencies of a release without ever running a build: from the PEP 658/714 metadata
 * file when the index offers one, else from the wheel's {@code METADATA} (read from the archive,
 * which stays in the download cache), else from the sdist's {@code PKG-INFO} when its metadata is
 * static (Metadata-Version 2.2+ without {@code Dynamic: Requires-Dist}, PEP 643). Thread safe;
 * results are memoised per release.
 */
public final class MetadataReader {
  private final PackageIndex index;
  private final Downloads downloads;
  private final List<ArchiveInspector> inspectors;
  // by file URL; a read in progress is shared by everyone who asks meanwhile (the resolver's
  // look-ahead and its search ask for the same files)
  private final Map<String, CompletableFuture<Dependencies>> memo = new ConcurrentHashMap<>();

  public MetadataReader(
      PackageIndex index, Downloads downloads, List<ArchiveInspector> inspectors) {
    this.index = index;
    this.downloads = downloads;
    this.inspectors = List.copyOf(inspectors);
  }

  /**
   * @throws IOException when neither the metadata file nor the archive can be had
   */
  public Dependencies dependencies(Candidate c) throws IOException {
    String key = c.file().url();
    CompletableFuture<Dependencies> mine = new CompletableFuture<>();
    CompletableFuture<Dependencies> known = memo.putIfAbsent(key, mine);
    if (known == null) {
      try {
        Dependencies d = read(c);
        mine.complete(d);
        return d;
      } catch (IOException | RuntimeException e) {
        memo.remove(key, mine); // failures are not remembered: a later ask tries again
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return known.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private Dependencies read(Candidate c) throws IOException {
    if (c.wheel()) {
      Optional<String> pep658 = index.metadata(c.file());
      if (pep658.isPresent()) {
        return parse(pep658.get(), "PEP 658 metadata", c, false);
      }
    }
    Inspection inspection;
    try {
      ArchiveInspector inspector =
          inspectors.stream()
              .filter(i -> i.accepts(c.file().filename()))
              .findFirst()
              .orElseThrow(
                  () -> new IOException(c.file().filename() + ": unsupported archive format"));
      inspection =
          inspector.inspect(downloads.fetch(c.file(), c.hashes()).path(), c.file().filename());
    } catch (ArchiveException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (inspection.metadata().isEmpty()) {
      return new Dependencies(
          List.of(),
          "none",
          Optional.of(
              c.file().filename() + " has no PKG-INFO: dependencies unknown without a build"));
    }
    return c.wheel()
        ? parse(inspection.metadata().get(), "wheel METADATA", c, false)
        : parse(inspection.metadata().get(), "sdist PKG-INFO", c, true);
  }

  private static Dependencies parse(String text, String source, Candidate c, boolean sdist)
      throws IOException {
    CoreMetadata meta;
    try {
      meta = CoreMetadata.parse(text);
    } catch (PepSyntaxException e) {
      throw new IOException(
          c + ": unreadable " + source + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (sdist) {
      boolean staticVersion =
          Version.tryParse(meta.metadataVersion())
              .map(v -> v.compareTo(Version.parse("2.2")) >= 0)
              .orElse(false);
      boolean dynamic =
          meta.get("Dynamic").stream()
              .anyMatch(f -> f.toLowerCase(Locale.ROOT).equals("requires-dist"));
      if (!staticVersion || dynamic) {
        return new Dependencies(
            meta.requiresDist(),
            source,
            Optional.of(
                "sdist only: its dependencies are only known after a build (PKG-INFO "
                    + (dynamic
                        ? "marks Requires-Dist dynamic"
                        : "is Metadata-Version " + meta.metadataVersion())
                    + "), which nogil-scan never runs"));
      }
    }
    return new Dependencies(meta.requiresDist(), source, Optional.empty());
  }
}
