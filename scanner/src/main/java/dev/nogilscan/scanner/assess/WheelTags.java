package dev.nogilscan.scanner.assess;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import dev.nogilscan.compatdb.pep.WheelFilename;
import dev.nogilscan.scanner.index.DistributionFile;
import java.util.List;
import java.util.Optional;

/** The wheel tags a release offers, for evidence (which file is installed is FileSelection's). */
final class WheelTags {
  private WheelTags() {}

  /** Every tag of every wheel of {@code name} {@code version} among {@code files}, sorted. */
  static List<String> of(List<DistributionFile> files, PackageName name, Version version) {
    return files.stream()
        .filter(DistributionFile::isWheel)
        .map(f -> WheelFilename.tryParse(f.filename()))
        .flatMap(Optional::stream)
        .filter(w -> w.name().equals(name) && w.version().equals(version))
        .flatMap(w -> w.tags().stream())
        .map(Object::toString)
        .distinct()
        .sorted()
        .toList();
  }
}
