package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.SpecifierSet;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.index.DistributionFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which file of a release pip would install on a target: among the files whose {@code
 * requires-python} admits the target, the wheel whose best tag ranks highest in the target's
 * supported tags (PEP 425), else the sdist ({@code .tar.gz} preferred, PEP 625). The one rule
 * shared by resolution and by lock files.
 */
public final class FileSelection {
  private FileSelection() {}

  /** The file to install, or empty when the target can install none of them. */
  public static Optional<DistributionFile> installable(
      List<DistributionFile> files, TargetEnvironment target) {
    return installable(files, target, List.of());
  }

  /**
   * The file to install when the input allows only files with these sha256 values, as pip's finder
   * does: when any installable file's listed hash is allowed, files whose listed hash is not are
   * passed over (so a line with only the sdist's hash installs the sdist); when none is, the choice
   * is unchanged and the download is what fails the check.
   *
   * @param hashes allowed sha256 values, lower-case hex; empty allows every file
   */
  public static Optional<DistributionFile> installable(
      List<DistributionFile> files, TargetEnvironment target, List<String> hashes) {
    String python =
        target
            .markerEnvironment()
            .asMap()
            .getOrDefault("python_full_version", target.python().toString());
    List<DistributionFile> eligible = new ArrayList<>();
    for (DistributionFile f : files) {
      if (f.requiresPython().isPresent()) {
        Optional<SpecifierSet> rp = SpecifierSet.tryParse(f.requiresPython().get());
        if (rp.isPresent() && !rp.get().contains(Version.parse(python), true)) {
          continue;
        }
      }
      if (!f.isWheel()
          || WheelFilename.tryParse(f.filename()).flatMap(target::bestRank).isPresent()) {
        eligible.add(f);
      }
    }
    if (!hashes.isEmpty() && eligible.stream().anyMatch(f -> allowed(f, hashes))) {
      eligible.removeIf(f -> f.sha256().isPresent() && !allowed(f, hashes));
    }
    DistributionFile best = null;
    int bestRank = Integer.MAX_VALUE;
    DistributionFile sdist = null;
    for (DistributionFile f : eligible) {
      if (f.isWheel()) {
        int rank = WheelFilename.tryParse(f.filename()).flatMap(target::bestRank).orElseThrow();
        if (rank < bestRank) {
          best = f;
          bestRank = rank;
        }
      } else if (sdist == null || f.filename().endsWith(".tar.gz")) {
        sdist = f;
      }
    }
    return Optional.ofNullable(best != null ? best : sdist);
  }

  private static boolean allowed(DistributionFile f, List<String> hashes) {
    return f.sha256().map(h -> hashes.contains(h.toLowerCase(Locale.ROOT))).orElse(false);
  }

  /** The file a report names for a release nothing can install: its sdist, else its first file. */
  public static DistributionFile representative(List<DistributionFile> files) {
    return files.stream().filter(f -> !f.isWheel()).findFirst().orElse(files.get(0));
  }
}
