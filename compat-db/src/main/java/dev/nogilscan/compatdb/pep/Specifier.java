package dev.nogilscan.compatdb.pep;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * One PEP 440 version specifier clause such as {@code >=1.2}, {@code ~=2.2.post3}, {@code ==1.4.*}
 * or {@code ===foobar}.
 *
 * <p>Matching follows PEP 440 "Version specifiers" as pypa/packaging 26 implements it: local labels
 * are ignored except by {@code ==}/{@code !=} with a local version; {@code <V} excludes V's own
 * pre-releases unless V is one; {@code >V} excludes V's post-releases (unless V is one) and V's
 * local versions; {@code ~=V} is {@code >=V, ==V'.*} with the last release number of V dropped;
 * {@code ===} compares the normalised candidate string case-insensitively. {@link
 * #matches(Version)} ignores the pre-release policy, which {@link SpecifierSet} applies. Immutable
 * and thread-safe.
 */
public final class Specifier {
  private static final String[] OPERATORS = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
  private final String operator;
  private final String versionText;
  private final Version version; // null only for an unparsable '===' operand
  private final boolean wildcard;

  private Specifier(String operator, String versionText, Version version, boolean wildcard) {
    this.operator = operator;
    this.versionText = versionText;
    this.version = version;
    this.wildcard = wildcard;
  }

  /**
   * Parses one clause; Python whitespace around it and after the operator is ignored.
   *
   * @throws PepSyntaxException if it is not a valid PEP 440 specifier clause
   */
  public static Specifier parse(String text) {
    return parse(text, 0, text.length());
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static Optional<Specifier> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (PepSyntaxException e) {
      return Optional.empty();
    }
  }

  static Specifier parse(String src, int from, int to) {
    int end = Text.stripEnd(src, from, to);
    int start = Text.stripStart(src, from, end);
    String op = null;
    for (String candidate : OPERATORS) {
      if (src.startsWith(candidate, start) && start + candidate.length() <= end) {
        op = candidate;
        break;
      }
    }
    if (op == null) {
      throw new PepSyntaxException(
          "a version operator (one of ==, !=, <=, >=, <, >, ~=, ===)", src, start);
    }
    int vs = Text.stripStart(src, start + op.length(), end);
    if (vs >= end) {
      throw new PepSyntaxException("a version after '" + op + "'", src, vs);
    }
    String text = src.substring(vs, end);
    if (op.equals("===")) {
      for (int i = vs; i < end; i++) {
        char c = src.charAt(i);
        if (c == ';' || c == ')' || Text.isPyWhitespace(c)) {
          throw new PepSyntaxException("end of the arbitrary '===' version", src, i);
        }
      }
      return new Specifier(op, text, Version.tryParse(text).orElse(null), false);
    }
    int flags;
    switch (op) {
      case "==":
      case "!=":
        flags = VersionParser.ALLOW_LOCAL | VersionParser.ALLOW_WILDCARD;
        break;
      case "~=":
        flags = VersionParser.MIN_TWO_RELEASE;
        break;
      default:
        flags = 0;
    }
    VersionParser p = VersionParser.forSpecifier(src, vs, end, flags, op);
    Version v = p.parse();
    return new Specifier(op, text, v, p.wildcard);
  }

  /** The operator: one of {@code == != <= >= < > ~= ===}. */
  public String operator() {
    return operator;
  }

  /** The operand as written (whitespace stripped), e.g. {@code "1.4.*"} or {@code "v1.0"}. */
  public String versionText() {
    return versionText;
  }

  /** The operand as a version (without {@code .*}); empty only for a non-PEP 440 {@code ===}. */
  public Optional<Version> version() {
    return Optional.ofNullable(version);
  }

  /** Whether the operand ends with {@code .*} (prefix matching). */
  public boolean isWildcard() {
    return wildcard;
  }

  /**
   * Whether this clause on its own asks for pre-releases: true when its operand is a pre-release,
   * except for {@code !=} and {@code ==X.*}; empty (unknown) for a non-PEP 440 {@code ===}.
   */
  Optional<Boolean> impliesPreReleases() {
    if (operator.equals("!=") || (operator.equals("==") && wildcard)) {
      return Optional.of(false);
    }
    if (version == null) {
      return Optional.empty();
    }
    return Optional.of(version.isPreRelease());
  }

  /**
   * Whether {@code v} satisfies this clause; as a single candidate a pre-release is accepted (see
   * {@link SpecifierSet#contains(Version)}).
   */
  public boolean contains(Version v) {
    return matches(v);
  }

  /**
   * Whether {@code v} satisfies this clause; with {@code prereleases=false} no pre-release does.
   */
  public boolean contains(Version v, boolean prereleases) {
    return (prereleases || !v.isPreRelease()) && matches(v);
  }

  /** Whether {@code v} satisfies this clause, whatever it is (pre-release or not). */
  public boolean matches(Version v) {
    switch (operator) {
      case "===":
        return v.toString().toLowerCase(Locale.ROOT).equals(versionText.toLowerCase(Locale.ROOT));
      case "==":
        return equalTo(v);
      case "!=":
        return !equalTo(v);
      case "<=":
        return v.publicVersion().compareTo(version) <= 0;
      case ">=":
        return v.publicVersion().compareTo(version) >= 0;
      case "<":
        return lessThan(v);
      case ">":
        return greaterThan(v);
      case "~=":
        return compatibleWith(v);
      default:
        throw new IllegalStateException(operator);
    }
  }

  private boolean equalTo(Version v) {
    if (wildcard) {
      return prefixMatches(v, version.releaseArray().length);
    }
    if (version.hasLocal()) {
      return v.equals(version);
    }
    return v.publicVersion().equals(version);
  }

  /** Epoch equal and the first {@code n} release numbers equal, the candidate zero-padded. */
  private boolean prefixMatches(Version v, int n) {
    if (!v.epochBig().equals(version.epochBig())) {
      return false;
    }
    BigInteger[] want = version.releaseArray();
    BigInteger[] have = v.releaseArray();
    for (int i = 0; i < n; i++) {
      BigInteger h = i < have.length ? have[i] : BigInteger.ZERO;
      if (!h.equals(want[i])) {
        return false;
      }
    }
    return true;
  }

  private boolean lessThan(Version v) {
    // PEP 440: <V must not match a pre-release of V unless V is one; that is "< V.dev0".
    Version bound = version.isPreRelease() ? version : version.withDevZero();
    return v.compareTo(bound) < 0;
  }

  private boolean greaterThan(Version v) {
    Version pub = v.publicVersion();
    // PEP 440: >V must not match a local version of V
    if (pub.equals(version)) {
      return false;
    }
    if (v.compareTo(version) <= 0) {
      return false;
    }
    if (version.isDevRelease() || version.isPostRelease()) {
      return true;
    }
    // PEP 440: >V must not match a post-release of V unless V is one
    return !(v.compareRelease(version) == 0 && v.samePreSegment(version));
  }

  private boolean compatibleWith(Version v) {
    if (v.publicVersion().compareTo(version) < 0) {
      return false;
    }
    return prefixMatches(v, version.releaseArray().length - 1);
  }

  /** Operator followed by the operand as written, as pypa/packaging prints it. */
  @Override
  public String toString() {
    return operator + versionText;
  }

  /**
   * Equal as pypa/packaging compares specifiers: same operator and same version with trailing zeros
   * of the release ignored ({@code ==1.0} equals {@code ==1}), except that {@code ~=} compares the
   * whole version and {@code ===} and {@code .*} clauses compare their text exactly.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Specifier && canonical().equals(((Specifier) o).canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  String canonical() {
    if (operator.equals("===") || wildcard || version == null) {
      return toString();
    }
    if (operator.equals("~=")) {
      return operator + version;
    }
    return operator + version.withTrimmedRelease();
  }
}
