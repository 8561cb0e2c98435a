package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.SpecifierSet;
import dev.nogilscan.compatdb.pep.Version;

/**
 * The user's own verdict about a package, from the project file ({@code [[override]]} in {@code
 * nogil-scan.toml}). It wins over the bundled data.
 *
 * @param name the package
 * @param good true for {@code known-good}, false for {@code known-bad}
 * @param versions the versions it applies to (all when empty)
 * @param reason why, as the user wrote it
 * @param source where it was read, e.g. {@code nogil-scan.toml: $.override[0]}
 */
public record PackageOverride(
    PackageName name, boolean good, SpecifierSet versions, String reason, String source) {

  /** Whether it applies to {@code version} (pre-releases included). */
  public boolean appliesTo(Version version) {
    return versions.contains(version, true);
  }

  /** {@code known-good} or {@code known-bad}. */
  public String status() {
    return good ? "known-good" : "known-bad";
  }
}
