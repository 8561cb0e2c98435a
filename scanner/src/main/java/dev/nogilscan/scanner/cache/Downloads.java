package dev.nogilscan.scanner.cache;

import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
  public record Fetched(Path path, String sha256, boolean verified, boolean cached) {
    /** One line of evidence for reports. */
    public String describe() {
      return verified
          ? "sha256 " + sha256 + " verified" + (cached ? " (cached)" : "")
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
    if (file.sha256().isPresent()) {
      String sha = file.sha256().get();
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
      try (InputStream in = Files.newInputStream(part)) {
        return new Fetched(cache.store(in, sha, file.filename()), sha, false, false);
      }
    } finally {
      Files.deleteIfExists(part);
    }
  }
}
