package dev.nogilscan.compatdb.pep;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A PEP 427 wheel filename {@code {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl}. The
 * tag parts may be compressed tag sets (PEP 425); {@link #tags()} is their expansion in the order
 * written. Immutable and thread-safe.
 *
 * @param name the project name, normalised
 * @param version the version
 * @param buildTag the build tag (starts with a digit), if any
 * @param tags the expanded tags, in the order written
 */
public record WheelFilename(
    PackageName name, Version version, Optional<String> buildTag, Set<WheelTag> tags) {

  public WheelFilename {
    tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
  }

  /**
   * Parses a wheel filename (without any directory).
   *
   * @throws PepSyntaxException if it does not end with {@code .whl}, has not 5 or 6 {@code
   *     -}-separated parts, or a part is invalid
   */
  public static WheelFilename parse(String filename) {
    if (!filename.endsWith(".whl")) {
      throw new PepSyntaxException("the extension '.whl'", filename, filename.length());
    }
    String stem = filename.substring(0, filename.length() - 4);
    String[] parts = stem.split("-", -1);
    if (parts.length != 5 && parts.length != 6) {
      int at = parts.length < 5 ? stem.length() : nthDash(stem, 6);
      throw new PepSyntaxException(
          "5 or 6 '-'-separated parts: name-version(-build)-python-abi-platform", filename, at);
    }
    String namePart = parts[0];
    if (namePart.contains("__")) {
      throw new PepSyntaxException("a project name without '__'", filename, namePart.indexOf("__"));
    }
    PackageName name;
    try {
      name = PackageName.of(namePart);
    } catch (PepSyntaxException e) {
      throw new PepSyntaxException(e.expected(), filename, e.position());
    }
    int vAt = namePart.length() + 1;
    Version version;
    try {
      version = Version.parse(parts[1]);
    } catch (PepSyntaxException e) {
      throw new PepSyntaxException(e.expected(), filename, vAt + e.position());
    }
    Optional<String> build = Optional.empty();
    int tagAt = vAt + parts[1].length() + 1;
    if (parts.length == 6) {
      String b = parts[2];
      if (b.isEmpty() || !Text.isAsciiDigit(b.charAt(0))) {
        throw new PepSyntaxException("a build tag starting with a digit", filename, tagAt);
      }
      build = Optional.of(b);
      tagAt += b.length() + 1;
    }
    int n = parts.length;
    String tagText = parts[n - 3] + "-" + parts[n - 2] + "-" + parts[n - 1];
    Set<WheelTag> tags;
    try {
      tags = WheelTag.parseCompressed(tagText);
    } catch (PepSyntaxException e) {
      throw new PepSyntaxException(e.expected(), filename, tagAt + e.position());
    }
    return new WheelFilename(name, version, build, tags);
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static Optional<WheelFilename> tryParse(String filename) {
    try {
      return Optional.of(parse(filename));
    } catch (PepSyntaxException e) {
      return Optional.empty();
    }
  }

  private static int nthDash(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf('-', at + 1);
    }
    return at;
  }

  /** Whether any tag has ABI {@code none} and platform {@code any} (a pure-Python wheel). */
  public boolean isPure() {
    return tags.stream().anyMatch(t -> t.abi().equals("none") && t.platform().equals("any"));
  }
}
