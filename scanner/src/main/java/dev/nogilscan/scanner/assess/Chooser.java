package dev.nogilscan.scanner.assess;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.SdistFilename;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.index.DistributionFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the file pip would install for a target from the files of one release: the wheel whose best
 * tag ranks highest in the target's supported tags (PEP 425), else the sdist.
 */
final class Chooser {
  private Chooser() {}

  /**
   * @param candidates the release's files, each with its rank (empty for the sdist)
   */
  record Choice(
      Optional<DistributionFile> chosen,
      boolean isWheel,
      List<String> wheelTagsSeen,
      boolean sdistAvailable) {}

  static List<DistributionFile> filesOf(
      List<DistributionFile> files, PackageName name, Version version) {
    List<DistributionFile> out = new ArrayList<>();
    for (DistributionFile f : files) {
      if (f.isWheel()) {
        WheelFilename.tryParse(f.filename())
            .filter(w -> w.name().equals(name) && w.version().equals(version))
            .ifPresent(w -> out.add(f));
      } else {
        SdistFilename.tryParse(f.filename())
            .filter(s -> s.name().equals(name) && s.version().equals(version))
            .ifPresent(s -> out.add(f));
      }
    }
    return out;
  }

  static Choice choose(List<DistributionFile> release, TargetEnvironment target) {
    DistributionFile best = null;
    int bestRank = Integer.MAX_VALUE;
    List<String> seen = new ArrayList<>();
    Optional<DistributionFile> sdist = Optional.empty();
    for (DistributionFile f : release) {
      if (!f.isWheel()) {
        if (sdist.isEmpty() || f.filename().endsWith(".tar.gz")) {
          sdist = Optional.of(f); // prefer .tar.gz, the standard sdist format (PEP 625)
        }
        continue;
      }
      WheelFilename w = WheelFilename.parse(f.filename());
      w.tags().forEach(t -> seen.add(t.toString()));
      Optional<Integer> rank = target.bestRank(w);
      if (rank.isPresent() && rank.get() < bestRank) {
        best = f;
        bestRank = rank.get();
      }
    }
    List<String> tags = seen.stream().distinct().sorted(Comparator.naturalOrder()).toList();
    if (best != null) {
      return new Choice(Optional.of(best), true, tags, sdist.isPresent());
    }
    return new Choice(sdist, false, tags, sdist.isPresent());
  }
}
