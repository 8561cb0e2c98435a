package dev.nogilscan.compatdb.pep;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One PEP 425 compatibility tag {@code interpreter-abi-platform}, e.g. {@code
 * cp314-cp314t-manylinux_2_17_x86_64}. Parts are lower case. Immutable and thread-safe.
 *
 * @param interpreter e.g. {@code "cp314"}, {@code "py3"}
 * @param abi e.g. {@code "cp314t"}, {@code "abi3t"}, {@code "none"}
 * @param platform e.g. {@code "manylinux_2_17_x86_64"}, {@code "any"}
 */
public record WheelTag(String interpreter, String abi, String platform) {
  /** The most tags {@link #parseCompressed(String)} expands to. */
  public static final int MAX_TAGS = 4096;

  public WheelTag {
    interpreter = interpreter.toLowerCase(Locale.ROOT);
    abi = abi.toLowerCase(Locale.ROOT);
    platform = platform.toLowerCase(Locale.ROOT);
  }

  /**
   * Expands a compressed tag set (PEP 425 "Compressed Tag Sets"): each of the three parts may list
   * several values joined by {@code .}; the result has every combination, in the order written
   * (interpreter, then ABI, then platform varying fastest).
   *
   * @throws PepSyntaxException unless there are exactly three {@code -}-separated parts with no
   *     empty {@code .}-separated value, every interpreter is an identifier, and the set expands to
   *     at most {@link #MAX_TAGS} tags (a bound pypa/packaging does not have)
   */
  public static Set<WheelTag> parseCompressed(String text) {
    String[] parts = text.split("-", -1);
    if (parts.length != 3) {
      int at = parts.length < 3 ? text.length() : nthDash(text, 3);
      throw new PepSyntaxException(
          "exactly three parts 'interpreter-abi-platform' in a wheel tag", text, at);
    }
    int offset = 0;
    String[][] values = new String[3][];
    for (int i = 0; i < 3; i++) {
      values[i] = parts[i].split("\\.", -1);
      int o = offset;
      for (String v : values[i]) {
        if (v.isEmpty()) {
          throw new PepSyntaxException(
              "a non-empty " + new String[] {"interpreter", "ABI", "platform"}[i] + " tag",
              text,
              o);
        }
        if (i == 0 && !isIdentifier(v)) {
          throw new PepSyntaxException(
              "an interpreter tag that is an identifier (like 'cp314' or 'py3')", text, o);
        }
        o += v.length() + 1;
      }
      offset += parts[i].length() + 1;
    }
    long count = (long) values[0].length * values[1].length * values[2].length;
    if (count > MAX_TAGS) {
      // a compressed set expands multiplicatively; bound it so hostile names cannot blow up
      throw new PepSyntaxException(
          "a compressed tag set of at most " + MAX_TAGS + " tags (this one has " + count + ")",
          text,
          0);
    }
    Set<WheelTag> out = new LinkedHashSet<>();
    for (String i : values[0]) {
      for (String a : values[1]) {
        for (String p : values[2]) {
          out.add(new WheelTag(i, a, p));
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * Parses one tag.
   *
   * @throws PepSyntaxException if it is not exactly one {@code interpreter-abi-platform} tag
   */
  public static WheelTag parse(String text) {
    Set<WheelTag> tags = parseCompressed(text);
    if (tags.size() != 1) {
      throw new PepSyntaxException(
          "a single tag, not a compressed tag set", text, text.indexOf('.'));
    }
    return tags.iterator().next();
  }

  /** Python's {@code str.isidentifier()}, which pypa/packaging requires of interpreter tags. */
  private static boolean isIdentifier(String s) {
    int cp0 = s.codePointAt(0);
    if (!(cp0 == '_' || Character.isUnicodeIdentifierStart(cp0))) {
      return false;
    }
    for (int k = Character.charCount(cp0); k < s.length(); ) {
      int cp = s.codePointAt(k);
      if (!(cp == '_'
          || (Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp)))) {
        return false;
      }
      k += Character.charCount(cp);
    }
    return true;
  }

  private static int nthDash(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf('-', at + 1);
    }
    return at;
  }

  /** {@code interpreter-abi-platform}. */
  @Override
  public String toString() {
    return interpreter + "-" + abi + "-" + platform;
  }
}
