package dev.nogilscan.compatdb.pep;

import java.math.BigInteger;

/** Character classes shared by the parsers, matching what Python's {@code re} module uses. */
final class Text {
  private Text() {}

  /** Python's {@code str.isspace()}, which is what {@code \s} matches in a {@code str} pattern. */
  static boolean isPyWhitespace(char c) {
    if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f')) {
      return true;
    }
    if (c < '\u0085') {
      return false;
    }
    return c == '\u0085'
        || c == '\u00a0'
        || c == '\u2007'
        || c == '\u202f'
        || Character.isWhitespace(c)
        || Character.isSpaceChar(c);
  }

  /** Python's {@code \w} for a {@code str} pattern (Unicode letters, digits and underscore). */
  static boolean isPyWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAsciiAlnum(char c) {
    return isAsciiDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }

  static int stripStart(String s, int from, int to) {
    while (from < to && isPyWhitespace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  static int stripEnd(String s, int from, int to) {
    while (to > from && isPyWhitespace(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  static String pyStrip(String s) {
    int end = stripEnd(s, 0, s.length());
    int start = stripStart(s, 0, end);
    return s.substring(start, end);
  }

  static BigInteger number(String s, int from, int to) {
    while (from < to - 1 && s.charAt(from) == '0') {
      from++;
    }
    if (to - from <= 18) {
      long v = 0;
      for (int i = from; i < to; i++) {
        v = v * 10 + (s.charAt(i) - '0');
      }
      return BigInteger.valueOf(v);
    }
    return new BigInteger(s.substring(from, to));
  }

  /** Case-insensitive (ASCII) test whether {@code word} occurs in {@code s} at {@code at}. */
  static boolean regionIs(String s, int at, int end, String word) {
    return at + word.length() <= end && s.regionMatches(true, at, word, 0, word.length());
  }
}
