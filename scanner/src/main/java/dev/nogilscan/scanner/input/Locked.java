package dev.nogilscan.scanner.input;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.util.List;
import java.util.Optional;

/**
 * A release as a lock file pins it: the lock is the resolution, so it is used as is and never
 * re-resolved.
 *
 * @param version the exact version locked
 * @param files the files the lock lists for it, in lock order (may be empty)
 * @param dependencies the names the lock says it depends on, when the lock says (empty otherwise)
 */
public record Locked(Version version, List<LockedFile> files, List<PackageName> dependencies) {
  public Locked {
    files = List.copyOf(files);
    dependencies = List.copyOf(dependencies);
  }

  /**
   * One file of a locked release.
   *
   * @param filename the file name, when the lock gives it (Pipfile.lock lists bare hashes)
   * @param url where to download it, when the lock gives it
   * @param sha256 its sha256, lower case hex, when the lock gives it
   */
  public record LockedFile(
      Optional<String> filename, Optional<String> url, Optional<String> sha256) {
    /** A file from a {@code sha256:hex} style hash, or a bare hash when it is another algorithm. */
    static LockedFile of(Optional<String> filename, Optional<String> url, Optional<String> hash) {
      Optional<String> sha =
          hash.filter(h -> h.startsWith("sha256:") || h.startsWith("sha256="))
              .map(h -> h.substring(7).toLowerCase(java.util.Locale.ROOT));
      return new LockedFile(filename, url, sha);
    }
  }
}
