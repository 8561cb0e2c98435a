package dev.nogilscan.scanner.index;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.util.Optional;

/**
 * A legacy setuptools egg filename, {@code Name-Version(-pyX.Y(-platform)?)?.egg} (name and version
 * with '-' written as '_'). Eggs are only read and reported: pip has never installed them from an
 * index, so no egg is ever selected for installation.
 *
 * @param python the Python it was built for, e.g. {@code py3.8}, when the name says
 * @param platform e.g. {@code linux-x86_64}, when the name says (a native egg)
 */
public record EggFilename(
    PackageName name, Version version, Optional<String> python, Optional<String> platform) {

  public static boolean isEgg(String filename) {
    return filename.endsWith(".egg");
  }

  public static Optional<EggFilename> tryParse(String filename) {
    if (!isEgg(filename)) {
      return Optional.empty();
    }
    String[] parts = filename.substring(0, filename.length() - 4).split("-", 4);
    if (parts.length < 2 || parts[0].isEmpty()) {
      return Optional.empty();
    }
    Optional<Version> version = Version.tryParse(parts[1].replace('_', '-'));
    Optional<PackageName> name = PackageName.tryParse(parts[0]);
    if (version.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new EggFilename(
            name.get(),
            version.get(),
            parts.length > 2 ? Optional.of(parts[2]) : Optional.empty(),
            parts.length > 3 ? Optional.of(parts[3]) : Optional.empty()));
  }
}
