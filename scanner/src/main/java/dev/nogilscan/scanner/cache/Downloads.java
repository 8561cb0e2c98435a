package dev.nogilscan.scanner.cache;

import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Gets distribution files into the {@link ArchiveCache}: a file with a hash from the index is taken
 * from the cache when present and verified, else downloaded and verified while stored; a file
 * without one is hashed after download and marked unverified. Thread safe.
 */
public final class Downloads {
  private final PackageIndex index;
  private final ArchiveCache cache;
  private final Path tmp;

  /** Where a file came from and what could be checked. */
  public record Fetched(
      Path path, String sha256, boolean verified, boolean cached, boolean byInputHash) {
    public Fetched(Path path, String sha256, boolean verified, boolean cached) {
      this(path, sha256, verified, cached, false);
    }

    /**
     * One line of evidence for reports: the same whether the file came from the cache or the index,
     * so that a warm scan's reports equal a cold one's byte for byte.
     */
    public String describe() {
      if (byInputHash) {
        return "the index gave no sha256; download verified against the input's hashes (sha256 "
            + sha256
            + ")";
      }
      return verified
          ? "sha256 " + sha256 + " verified"
          : "the index gave no sha256; download not verified (sha256 " + sha256 + ")";
    }
  }

  public Downloads(PackageIndex index, ArchiveCache cache, Path tmp) {
    this.index = index;
    this.cache = cache;
    this.tmp = tmp;
  }

  /**
   * @throws ArchiveCache.HashMismatchException when the bytes do not match the index's hash
   */
  public Fetched fetch(DistributionFile file) throws IOException {
    return fetch(file, List.of());
  }

  /**
   * Fetches a file that must also hash to one of {@code allowed} (the input's {@code --hash} values
   * or a lock file's hashes; empty allows any). Nothing is cached when a check fails.
   *
   * @throws ArchiveCache.HashMismatchException when the bytes do not match the index's hash, or the
   *     index's hash or the bytes' are not among {@code allowed}
   */
  public Fetched fetch(DistributionFile file, List<String> allowed) throws IOException {
    if (file.sha256().isPresent()) {
      String sha = file.sha256().get().toLowerCase(Locale.ROOT);
      if (!allowed.isEmpty() && !allowed.contains(sha)) {
        throw ArchiveCache.HashMismatchException.notAllowed(
            file.filename(), allowed, sha, "the index lists");
      }
      Optional<Path> cached = cache.find(sha, file.filename());
      if (cached.isPresent()) {
        return new Fetched(cached.get(), sha, true, true);
      }
      try (InputStream in = index.open(file)) {
        return new Fetched(cache.store(in, sha, file.filename()), sha, true, false);
      }
    }
    Files.createDirectories(tmp);
    Path part = Files.createTempFile(tmp, "unverified-", ".part");
    try {
      try (InputStream in = index.open(file)) {
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      }
      String sha = ArchiveCache.sha256(part);
      if (!allowed.isEmpty() && !allowed.contains(sha)) {
        throw ArchiveCache.HashMismatchException.notAllowed(
            file.filename(), allowed, sha, "the download hashes to");
      }
      try (InputStream in = Files.newInputStream(part)) {
        boolean checked = !allowed.isEmpty();
        return new Fetched(cache.store(in, sha, file.filename()), sha, checked, false, checked);
      }
    } finally {
      Files.deleteIfExists(part);
    }
  }
}
