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
 * supported tags (PEP 425), else the sdist ({@code .tar.gz} preferred, PEP 625); never an egg. The
 * one rule shared by resolution and by lock files.
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
    Version python =
        Version.parse(
            target
                .markerEnvironment()
                .asMap()
                .getOrDefault("python_full_version", target.python().toString()));
    List<DistributionFile> eligible = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>(); // of the eligible files: the wheel's best tag rank
    String lastRequires = null; // the files of a release mostly share one requires-python
    boolean lastAdmits = true;
    for (DistributionFile f : files) {
      if (f.isEgg()) {
        continue; // pip never installs an egg
      }
      if (f.requiresPython().isPresent()) {
        String requires = f.requiresPython().get();
        if (!requires.equals(lastRequires)) {
          lastRequires = requires;
          Optional<SpecifierSet> rp = SpecifierSet.tryParse(requires);
          lastAdmits = rp.isEmpty() || rp.get().contains(python, true);
        }
        if (!lastAdmits) {
          continue;
        }
      }
      if (!f.isWheel()) {
        eligible.add(f);
        ranks.add(Integer.MAX_VALUE);
        continue;
      }
      Optional<Integer> rank = WheelFilename.tryParse(f.filename()).flatMap(target::bestRank);
      if (rank.isPresent()) {
        eligible.add(f);
        ranks.add(rank.get());
      }
    }
    boolean filterByHash = !hashes.isEmpty() && eligible.stream().anyMatch(f -> allowed(f, hashes));
    DistributionFile best = null;
    int bestRank = Integer.MAX_VALUE;
    DistributionFile sdist = null;
    for (int i = 0; i < eligible.size(); i++) {
      DistributionFile f = eligible.get(i);
      if (filterByHash && f.sha256().isPresent() && !allowed(f, hashes)) {
        continue;
      }
      if (f.isWheel()) {
        if (ranks.get(i) < bestRank) {
          best = f;
          bestRank = ranks.get(i);
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

  /**
   * The file a report names for a release nothing can install: its sdist, else its egg (read and
   * reported, never installed), else its first file.
   */
  public static DistributionFile representative(List<DistributionFile> files) {
    return files.stream()
        .filter(f -> !f.isWheel() && !f.isEgg())
        .findFirst()
        .or(() -> files.stream().filter(DistributionFile::isEgg).findFirst())
        .orElse(files.get(0));
  }
}
