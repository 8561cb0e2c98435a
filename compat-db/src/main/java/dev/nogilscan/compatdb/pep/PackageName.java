package dev.nogilscan.compatdb.pep;

import java.util.Locale;
import java.util.Optional;

/**
 * A project name normalised as PEP 503 says: lower case, every run of {@code -}, {@code _} and
 * {@code .} replaced by one {@code -}. Valid names are those of PEP 508 (ASCII letters and digits,
 * with {@code -_.} allowed inside). Two names are equal when their normalised forms are; ordering
 * is by normalised form. Immutable and thread-safe.
 *
 * @param normalized the PEP 503 normalised form, e.g. {@code "zope-interface"}
 */
public record PackageName(String normalized) implements Comparable<PackageName> {
  /**
   * @throws PepSyntaxException if {@code normalized} is not already in normalised form
   */
  public PackageName {
    if (firstBad(normalized) != normalized.length() || normalized.isEmpty()) {
      throw new PepSyntaxException("a normalized project name", normalized, firstBad(normalized));
    }
  }

  /**
   * Parses and normalises a PEP 508 name such as {@code "Zope.Interface"}.
   *
   * @throws PepSyntaxException if the name is empty, contains other characters than ASCII letters,
   *     digits, {@code -_.}, or starts or ends with one of {@code -_.}
   */
  public static PackageName of(String name) {
    int n = name.length();
    if (n == 0) {
      throw new PepSyntaxException("a project name", name, 0);
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      boolean alnum = isAsciiAlnum(c);
      boolean sep = c == '-' || c == '_' || c == '.';
      if (!alnum && !(sep && i > 0 && i < n - 1)) {
        String what =
            sep
                ? (i == 0
                    ? "a letter or digit at the start of a project name"
                    : "a letter or digit at the end of a project name")
                : "a letter, digit, '-', '_' or '.' in a project name";
        throw new PepSyntaxException(what, name, i);
      }
    }
    return new PackageName(normalize(name));
  }

  /** Like {@link #of(String)}, but empty instead of throwing. */
  public static Optional<PackageName> tryParse(String name) {
    try {
      return Optional.of(of(name));
    } catch (PepSyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * PEP 503 normalisation of any string (also used for extras, PEP 685) without validating it:
   * lower case, runs of {@code -_.} become one {@code -}.
   */
  public static String normalize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean inSep = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        if (!inSep) {
          sb.append('-');
        }
        inSep = true;
      } else {
        sb.append(c);
        inSep = false;
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** The index of the first character that breaks {@code [a-z0-9]+(-[a-z0-9]+)*}, or length. */
  private static int firstBad(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
          && !(c == '-' && i > 0 && i < s.length() - 1 && s.charAt(i - 1) != '-')) {
        return i;
      }
    }
    return s.length();
  }

  @Override
  public int compareTo(PackageName o) {
    return normalized.compareTo(o.normalized);
  }

  @Override
  public String toString() {
    return normalized;
  }
}
