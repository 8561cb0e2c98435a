package dev.nogilscan.compatdb.pep;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written recursive-descent reader of the PEP 440 version grammar (the spec's {@code
 * VERSION_PATTERN}), with the restrictions a specifier puts on its version. Not thread-safe; one
 * instance per parse.
 */
final class VersionParser {
  static final int ALLOW_LOCAL = 1;
  static final int ALLOW_WILDCARD = 2;
  static final int MIN_TWO_RELEASE = 4;

  /**
   * Read the longest prefix the (possessive) specifier regex of pypa/packaging would match, instead
   * of requiring the whole range; {@link #parse()} returns null when not even an operand matches.
   */
  static final int PREFIX = 8;

  static final int MAX_DIGITS = 4300;

  private static final String[] PRE_WORDS = {
    "alpha", "beta", "preview", "pre", "rc", "a", "b", "c"
  };
  private static final String[] PRE_NORMAL = {"a", "b", "rc", "rc", "rc", "a", "b", "rc"};
  private static final String[] POST_WORDS = {"post", "rev", "r"};

  private final String src;
  private final int end;
  private final int flags;
  private final String opForMessages;
  private int pos;
  boolean wildcard;

  /** Where the parsed text ended (meaningful with {@link #PREFIX}). */
  int stop;

  private VersionParser(String src, int start, int end, int flags, String op) {
    this.src = src;
    this.pos = start;
    this.end = end;
    this.flags = flags;
    this.opForMessages = op;
  }

  /** Parses the whole of {@code src} (Python whitespace around it allowed). */
  static Version parse(String src) {
    int e = Text.stripEnd(src, 0, src.length());
    int s = Text.stripStart(src, 0, e);
    return new VersionParser(src, s, e, ALLOW_LOCAL, null).parse();
  }

  /**
   * Parses {@code src[start, end)} (already stripped) as the version of a specifier with operator
   * {@code op}; errors point into {@code src}.
   */
  static VersionParser forSpecifier(String src, int start, int end, int flags, String op) {
    return new VersionParser(src, start, end, flags, op);
  }

  private PepSyntaxException error(String expected) {
    return new PepSyntaxException(expected, src, pos);
  }

  private boolean prefixMode() {
    return (flags & PREFIX) != 0;
  }

  private boolean at(char c) {
    return pos < end && src.charAt(pos) == c;
  }

  private boolean atDigit() {
    return pos < end && Text.isAsciiDigit(src.charAt(pos));
  }

  private boolean atSep(int p) {
    if (p >= end) {
      return false;
    }
    char c = src.charAt(p);
    return c == '-' || c == '_' || c == '.';
  }

  private BigInteger digits() {
    int s = pos;
    while (atDigit()) {
      pos++;
    }
    if (pos - s > MAX_DIGITS) {
      // CPython's int() refuses longer decimal strings (sys.int_info.default_max_str_digits);
      // the bound also keeps parsing linear
      pos = s + MAX_DIGITS;
      throw error("a number of at most " + MAX_DIGITS + " digits");
    }
    return Text.number(src, s, pos);
  }

  private String what() {
    return opForMessages == null ? "version" : "version after '" + opForMessages + "'";
  }

  Version parse() {
    int start = pos;
    if (at('v') || at('V')) {
      pos++;
    }
    if (!atDigit()) {
      if (prefixMode()) {
        return null;
      }
      throw error(pos == start && pos >= end ? "a " + what() : "a release number in the " + what());
    }
    BigInteger epoch = BigInteger.ZERO;
    BigInteger first = digits();
    if (at('!')) {
      pos++;
      epoch = first;
      if (!atDigit()) {
        if (prefixMode()) {
          return null;
        }
        throw error("a release number after the epoch '!'");
      }
      first = digits();
    }
    List<BigInteger> release = new ArrayList<>(4);
    release.add(first);
    while (at('.') && pos + 1 < end && Text.isAsciiDigit(src.charAt(pos + 1))) {
      pos++;
      release.add(digits());
    }
    if ((flags & MIN_TWO_RELEASE) != 0 && release.size() < 2) {
      if (prefixMode()) {
        return null;
      }
      throw error("a second release number ('~=' needs at least two, as in '~=1.4')");
    }
    if (at('.') && pos + 1 < end && src.charAt(pos + 1) == '*') {
      if ((flags & ALLOW_WILDCARD) == 0 && prefixMode()) {
        return finish(epoch, release, null, null, null, null, null);
      }
      if ((flags & ALLOW_WILDCARD) == 0) {
        throw error(
            opForMessages == null
                ? "the end of the version ('.*' is only allowed in '==' and '!=' specifiers)"
                : "no '.*' after '" + opForMessages + "' (prefix matching needs '==' or '!=')");
      }
      pos += 2;
      wildcard = true;
      if (pos < end && !prefixMode()) {
        throw error("end of specifier after '.*'");
      }
      return finish(epoch, release, null, null, null, null, null);
    }
    if (pos >= end) {
      return finish(epoch, release, null, null, null, null, null); // the common case: N(.N)*
    }
    // pre-release: [-_.]? (alpha|a|beta|b|preview|pre|c|rc) [-_.]? N?
    String preL = null;
    BigInteger preN = null;
    int p = atSep(pos) ? pos + 1 : pos;
    for (int i = 0; i < PRE_WORDS.length; i++) {
      if (Text.regionIs(src, p, end, PRE_WORDS[i])) {
        preL = PRE_NORMAL[i];
        pos = p + PRE_WORDS[i].length();
        if (atSep(pos)) {
          pos++;
        }
        preN = atDigit() ? digits() : BigInteger.ZERO;
        break;
      }
    }
    // post-release: -N | [-_.]? (post|rev|r) [-_.]? N?
    BigInteger post = null;
    if (at('-') && pos + 1 < end && Text.isAsciiDigit(src.charAt(pos + 1))) {
      pos++;
      post = digits();
    } else {
      p = atSep(pos) ? pos + 1 : pos;
      for (String w : POST_WORDS) {
        if (Text.regionIs(src, p, end, w)) {
          pos = p + w.length();
          if (atSep(pos)) {
            pos++;
          }
          post = atDigit() ? digits() : BigInteger.ZERO;
          break;
        }
      }
    }
    // dev-release: [-_.]? dev [-_.]? N?
    BigInteger dev = null;
    p = atSep(pos) ? pos + 1 : pos;
    if (Text.regionIs(src, p, end, "dev")) {
      pos = p + 3;
      if (atSep(pos)) {
        pos++;
      }
      dev = atDigit() ? digits() : BigInteger.ZERO;
    }
    // local version label: + [a-z0-9]+ ([-_.] [a-z0-9]+)*
    Object[] local = null;
    if (at('+')
        && (!prefixMode()
            || ((flags & ALLOW_LOCAL) != 0
                && pos + 1 < end
                && Text.isAsciiAlnum(src.charAt(pos + 1))))) {
      if ((flags & ALLOW_LOCAL) == 0) {
        throw error(
            "end of specifier (a local version label '+...' is only allowed after '==' or '!=')");
      }
      pos++;
      List<Object> parts = new ArrayList<>(2);
      while (true) {
        int s = pos;
        boolean allDigits = true;
        while (pos < end && Text.isAsciiAlnum(src.charAt(pos))) {
          allDigits &= Text.isAsciiDigit(src.charAt(pos));
          pos++;
        }
        if (s == pos) {
          throw error("a letter or digit in the local version label");
        }
        parts.add(
            allDigits
                ? Text.number(src, s, pos)
                : src.substring(s, pos).toLowerCase(java.util.Locale.ROOT));
        if (atSep(pos)
            && (!prefixMode() || (pos + 1 < end && Text.isAsciiAlnum(src.charAt(pos + 1))))) {
          pos++;
        } else {
          break;
        }
      }
      local = parts.toArray();
    }
    if (pos < end && !prefixMode()) {
      throw error(endExpectation(preL != null, post != null, dev != null, local != null));
    }
    return finish(epoch, release, preL, preN, post, dev, local);
  }

  private Version finish(
      BigInteger epoch,
      List<BigInteger> release,
      String preL,
      BigInteger preN,
      BigInteger post,
      BigInteger dev,
      Object[] local) {
    stop = pos;
    return new Version(epoch, release.toArray(new BigInteger[0]), preL, preN, post, dev, local);
  }

  private String endExpectation(boolean pre, boolean post, boolean dev, boolean local) {
    java.util.List<String> next = new java.util.ArrayList<>();
    if (!pre && !post && !dev && !local) {
      next.add("'.N'");
      next.add("'aN'");
      next.add("'bN'");
      next.add("'rcN'");
    }
    if (!post && !dev && !local) {
      next.add("'.postN'");
    }
    if (!dev && !local) {
      next.add("'.devN'");
    }
    if (!local && (flags & ALLOW_LOCAL) != 0) {
      next.add("'+local'");
    }
    next.add("the end of the " + what());
    if (next.size() == 1) {
      return next.get(0);
    }
    return String.join(", ", next.subList(0, next.size() - 1)) + " or " + next.get(next.size() - 1);
  }
}
