package dev.nogilscan.compatdb.pep;

import java.util.Locale;
import java.util.Optional;

/**
 * A source distribution filename {@code {name}-{version}.{ext}} (PEP 625 for {@code .tar.gz}, and
 * the legacy {@code .zip}, {@code .tar.bz2}, {@code .tar.xz}, {@code .tgz}). Legacy names may
 * contain {@code -} in the name: the split is at the last {@code -} whose right side is a PEP 440
 * version and whose left side is a valid name (among the last 16 {@code -}). Immutable and
 * thread-safe.
 *
 * @param name the project name, normalised
 * @param version the version
 * @param extension the extension as found, lower case, with its leading dot ({@code ".tar.gz"})
 */
public record SdistFilename(PackageName name, Version version, String extension) {
  private static final int MAX_SPLITS = 16;
  private static final String[] EXTENSIONS = {".tar.gz", ".tar.bz2", ".tar.xz", ".zip", ".tgz"};

  /** Parses a sdist filename, or empty if it is not one. */
  public static Optional<SdistFilename> tryParse(String filename) {
    String lower = filename.toLowerCase(Locale.ROOT);
    for (String ext : EXTENSIONS) {
      if (lower.endsWith(ext)) {
        String stem = filename.substring(0, filename.length() - ext.length());
        int tries = 0;
        // a version has few '-' (separators, a local label); the bound keeps hostile names linear
        for (int dash = stem.lastIndexOf('-');
            dash > 0 && tries < MAX_SPLITS;
            dash = stem.lastIndexOf('-', dash - 1), tries++) {
          Optional<Version> v = Version.tryParse(stem.substring(dash + 1));
          Optional<PackageName> n = PackageName.tryParse(stem.substring(0, dash));
          if (v.isPresent() && n.isPresent()) {
            return Optional.of(new SdistFilename(n.get(), v.get(), ext));
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #tryParse(String)}, but throws.
   *
   * @throws PepSyntaxException if it is not a sdist filename
   */
  public static SdistFilename parse(String filename) {
    return tryParse(filename)
        .orElseThrow(
            () ->
                new PepSyntaxException(
                    "a sdist filename 'name-version.tar.gz' (or .zip, .tar.bz2, .tar.xz, .tgz)",
                    filename,
                    0));
  }
}
