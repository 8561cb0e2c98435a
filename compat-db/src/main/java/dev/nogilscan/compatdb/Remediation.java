package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.util.List;
import java.util.Optional;

/**
 * Upgrade advice for a package whose requested version is not known to be usable on a target.
 *
 * @param name the package
 * @param requested the version the user asked for
 * @param target the target profile
 * @param platform the platform family the advice is for
 * @param upgradeTo the lowest release above {@code requested} with a free-threaded wheel for the
 *     target and platform (and not ruled out by a known-bad override); empty when there is none
 * @param alternatives known replacements
 * @param tracking the upstream tracking issue, for packages without a fix yet
 * @param reason one line: why {@code requested} is not usable and what {@code upgradeTo} brings
 * @param evidence the facts behind the advice
 */
public record Remediation(
    PackageName name,
    Version requested,
    CompatTarget target,
    Optional<PlatformKey> platform,
    Optional<Version> upgradeTo,
    List<Alternative> alternatives,
    Optional<String> tracking,
    String reason,
    List<Evidence> evidence) {
  public Remediation {
    alternatives = List.copyOf(alternatives);
    evidence = List.copyOf(evidence);
  }

  /** Whether there is anything to act on: an upgrade or an alternative. */
  public boolean actionable() {
    return upgradeTo.isPresent() || !alternatives.isEmpty();
  }
}
