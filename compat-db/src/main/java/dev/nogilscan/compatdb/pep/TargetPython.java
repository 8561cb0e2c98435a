package dev.nogilscan.compatdb.pep;

/**
 * The CPython a scan targets: version and whether it is the free-threaded build (PEP 703, {@code
 * --disable-gil}). Free-threaded builds exist from 3.13 on. Immutable and thread-safe.
 *
 * @param major always 3
 * @param minor the minor version, e.g. 14
 * @param freeThreaded whether it is the free-threaded build ({@code 3.14t})
 */
public record TargetPython(int major, int minor, boolean freeThreaded) {

  public TargetPython {
    if (major != 3 || minor < 0 || minor > 99) {
      throw new IllegalArgumentException("not a CPython 3.x version: " + major + "." + minor);
    }
    if (freeThreaded && minor < 13) {
      throw new IllegalArgumentException(
          "free-threaded builds exist from CPython 3.13 on, not " + major + "." + minor);
    }
  }

  /**
   * Parses {@code "3.14t"} (free-threaded) or {@code "3.14"} (GIL build); also {@code "cp314t"}.
   *
   * @throws PepSyntaxException if the text is not of that form, or names a free-threaded build
   *     before 3.13
   */
  public static TargetPython parse(String text) {
    int p = 0;
    if (text.startsWith("cp")) {
      p = 2;
    }
    if (p >= text.length() || text.charAt(p) != '3') {
      throw new PepSyntaxException("a CPython 3 version such as 3.14t", text, p);
    }
    p++;
    if (p < text.length() && text.charAt(p) == '.') {
      p++;
    } else if (p == 1) {
      throw new PepSyntaxException("'.' after the major version", text, p);
    }
    int s = p;
    while (p < text.length() && Text.isAsciiDigit(text.charAt(p)) && p - s < 2) {
      p++;
    }
    if (s == p) {
      throw new PepSyntaxException("a minor version", text, p);
    }
    int minor = Integer.parseInt(text.substring(s, p));
    boolean ft = false;
    if (p < text.length() && text.charAt(p) == 't') {
      ft = true;
      p++;
    }
    if (p < text.length()) {
      throw new PepSyntaxException("'t' or end of the Python version", text, p);
    }
    if (ft && minor < 13) {
      throw new PepSyntaxException("a free-threaded CPython (3.13t or later)", text, s);
    }
    return new TargetPython(3, minor, ft);
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static java.util.Optional<TargetPython> tryParse(String text) {
    try {
      return java.util.Optional.of(parse(text));
    } catch (PepSyntaxException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * The interpreter's version as checked against {@code Requires-Python}: {@code 3.X.0} (the micro
   * version of a target is not known; this matches {@link MarkerEnvironment#forTarget}).
   */
  public Version version() {
    return Version.parse(major + "." + minor + ".0");
  }

  /** The interpreter tag, e.g. {@code "cp314"}. */
  public String interpreterTag() {
    return "cp" + major + minor;
  }

  /** The version-specific ABI tag: {@code "cp314t"} for free-threaded, {@code "cp314"} else. */
  public String abiTag() {
    return interpreterTag() + (freeThreaded ? "t" : "");
  }

  /** {@code "3.14t"} or {@code "3.14"}. */
  @Override
  public String toString() {
    return major + "." + minor + (freeThreaded ? "t" : "");
  }
}
