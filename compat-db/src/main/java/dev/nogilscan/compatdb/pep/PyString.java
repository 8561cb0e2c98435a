package dev.nogilscan.compatdb.pep;

/**
 * The value of a quoted string in a PEP 508 marker. pypa/packaging reads it as a Python string
 * literal (so backslash escapes are processed); without a backslash the text between the quotes is
 * the value.
 */
final class PyString {
  private PyString() {}

  static String unquote(String raw, String src, int offset) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\n' || c == '\r' || c == '\0') {
        if (c != '\0' && i > 0 && raw.charAt(i - 1) == '\\' && !escaped(raw, i - 1)) {
          continue; // backslash-newline: line continuation inside a literal
        }
        throw new PepSyntaxException(
            "a quoted string on one line without control characters", src, offset + i);
      }
    }
    if (raw.indexOf('\\') < 0) {
      return raw;
    }
    int trailing = 0;
    while (trailing < raw.length() && raw.charAt(raw.length() - 1 - trailing) == '\\') {
      trailing++;
    }
    if (trailing % 2 == 1) {
      // the backslash escapes the closing quote: Python sees an unterminated string
      throw new PepSyntaxException(
          "a closing quote not escaped by a backslash", src, offset + raw.length());
    }
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 >= raw.length()) {
        sb.append(c);
        continue;
      }
      char n = raw.charAt(++i);
      switch (n) {
        case '\n':
          break;
        case '\r':
          if (i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
            i++;
          }
          break;
        case '\\':
        case '\'':
        case '"':
          sb.append(n);
          break;
        case 'a':
          sb.append('\u0007');
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'v':
          sb.append('\u000b');
          break;
        case 'x':
        case 'u':
        case 'U':
          {
            int len = n == 'x' ? 2 : n == 'u' ? 4 : 8;
            int cp = 0;
            for (int k = 1; k <= len; k++) {
              int d = i + k < raw.length() ? Character.digit(raw.charAt(i + k), 16) : -1;
              if (d < 0) {
                throw new PepSyntaxException(
                    len + " hex digits after '\\" + n + "'", src, offset + i + k);
              }
              cp = cp * 16 + d;
            }
            if (cp > Character.MAX_CODE_POINT || cp < 0) {
              throw new PepSyntaxException("a valid code point", src, offset + i);
            }
            sb.appendCodePoint(cp);
            i += len;
            break;
          }
        case 'N':
          {
            int close = raw.indexOf('}', i);
            if (i + 1 >= raw.length() || raw.charAt(i + 1) != '{' || close < 0) {
              throw new PepSyntaxException("'{name}' after '\\N'", src, offset + i + 1);
            }
            try {
              sb.appendCodePoint(Character.codePointOf(raw.substring(i + 2, close)));
            } catch (IllegalArgumentException e) {
              throw new PepSyntaxException("a Unicode character name", src, offset + i + 2);
            }
            i = close;
            break;
          }
        default:
          if (n >= '0' && n <= '7') {
            int cp = n - '0';
            int k = 1;
            while (k < 3
                && i + k < raw.length()
                && raw.charAt(i + k) >= '0'
                && raw.charAt(i + k) <= '7') {
              cp = cp * 8 + (raw.charAt(i + k) - '0');
              k++;
            }
            sb.appendCodePoint(cp);
            i += k - 1;
          } else {
            // unknown escapes stay as written (Python keeps the backslash)
            sb.append('\\').append(n);
          }
      }
    }
    return sb.toString();
  }

  private static boolean escaped(String raw, int i) {
    int n = 0;
    while (i - 1 - n >= 0 && raw.charAt(i - 1 - n) == '\\') {
      n++;
    }
    return n % 2 == 1;
  }
}
