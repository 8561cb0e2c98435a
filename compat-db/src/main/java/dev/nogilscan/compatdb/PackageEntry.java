package dev.nogilscan.compatdb;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the database records about one project.
 *
 * @param name the project
 * @param rank its place in the download ranking the data was built from (0 when not ranked)
 * @param latestVersion the newest final release on the index when learned
 * @param classifier the level of the Trove {@code Programming Language :: Python :: Free Threading}
 *     classifier of the newest release, e.g. {@code 3 - Stable}; empty string for the bare
 *     classifier; absent when the release does not declare one
 * @param alternatives known replacements
 * @param tracking the upstream issue tracking free-threading support
 * @param targets per target
 * @param evidence facts about the project as a whole (classifier, index listing)
 * @param learned the day the entry was built
 */
public record PackageEntry(
    PackageName name,
    int rank,
    Optional<Version> latestVersion,
    Optional<String> classifier,
    List<Alternative> alternatives,
    Optional<String> tracking,
    Map<CompatTarget, TargetStatus> targets,
    List<Evidence> evidence,
    LocalDate learned) {
  public PackageEntry {
    alternatives = List.copyOf(alternatives);
    targets = Map.copyOf(targets);
    evidence = List.copyOf(evidence);
  }
}
