package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.scanner.index.DistributionFile;
import java.util.List;

/**
 * One release of a project that a target could install, with the file it would install.
 *
 * @param name the project
 * @param version the release
 * @param file the file pip would take for the target (best-ranked wheel, else the sdist)
 * @param wheel true when {@code file} is a wheel
 * @param installable false for a release the target cannot install (no matching wheel, no sdist):
 *     kept in the resolution as a blocker instead of failing it, with {@code file} the best file
 *     there is, and its dependencies not followed
 * @param hashes the sha256 values (lower-case hex) the input allows for this release, from {@code
 *     --hash} options or a lock file; empty when the input names none. The file must hash to one of
 *     them
 */
public record Candidate(
    PackageName name,
    Version version,
    DistributionFile file,
    boolean wheel,
    boolean installable,
    List<String> hashes) {
  public Candidate {
    hashes = List.copyOf(hashes);
  }

  /** A candidate whose input names no hashes. */
  public Candidate(
      PackageName name,
      Version version,
      DistributionFile file,
      boolean wheel,
      boolean installable) {
    this(name, version, file, wheel, installable, List.of());
  }

  @Override
  public String toString() {
    return name + " " + version;
  }
}
