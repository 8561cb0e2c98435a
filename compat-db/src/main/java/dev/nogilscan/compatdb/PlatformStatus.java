package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.Version;
import java.util.List;
import java.util.Optional;

/**
 * What the index showed for one target on one platform family. Only final releases count (no pre-,
 * dev- or yanked releases).
 *
 * @param versions every release, ascending, with a wheel of the target's free-threaded ABI that the
 *     platform installs
 * @param firstAbiNoneVersion the first release with a platform wheel of ABI {@code none} that the
 *     target installs (no extension module bound to an ABI, e.g. a bundled executable)
 * @param evidence the wheel files behind the first and the newest version, or what the index lacked
 */
public record PlatformStatus(
    List<Version> versions, Optional<Version> firstAbiNoneVersion, List<Evidence> evidence) {
  public PlatformStatus {
    versions = versions.stream().sorted().distinct().toList();
    evidence = List.copyOf(evidence);
  }

  /** The first release with a free-threaded wheel here. */
  public Optional<Version> firstVersion() {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0));
  }

  /** The newest release with a free-threaded wheel here. */
  public Optional<Version> latestVersion() {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** Whether {@code version} has a free-threaded wheel here (local labels ignored). */
  public boolean hasFreeThreadedWheel(Version version) {
    return versions.contains(version.publicVersion());
  }

  /** The lowest release above {@code version} with a free-threaded wheel here. */
  public Optional<Version> lowestAbove(Version version) {
    return versions.stream().filter(v -> v.compareTo(version) > 0).findFirst();
  }
}
