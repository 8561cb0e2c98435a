package dev.nogilscan.compatdb.pep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A comma-separated PEP 440 version specifier such as {@code ">=1.2, !=1.3.*, <2"}; the empty
 * string is the empty set, which every version satisfies.
 *
 * <p>Pre-release rules (PEP 440 "Handling of pre-releases", as in pypa/packaging 26): {@link
 * #contains(Version)} asks about a single candidate, which has no alternative, so a pre-release
 * that satisfies every clause is contained; {@link #filter} drops pre-releases unless asked for
 * (explicitly, or by a clause whose operand is a pre-release) or unless no final release matches.
 * Immutable and thread-safe.
 */
public final class SpecifierSet {
  private static final SpecifierSet EMPTY = new SpecifierSet(List.of());

  private final List<Specifier> specifiers;
  private final String text;

  private SpecifierSet(List<Specifier> specifiers) {
    this.specifiers = List.copyOf(specifiers);
    if (specifiers.size() == 1) {
      this.text = specifiers.get(0).toString();
    } else {
      // as packaging: sorted by text, then equal clauses (see Specifier.equals) kept once
      Specifier[] sorted = specifiers.toArray(new Specifier[0]);
      Arrays.sort(sorted, Comparator.comparing(Specifier::toString));
      LinkedHashSet<Specifier> unique = new LinkedHashSet<>(Arrays.asList(sorted));
      StringBuilder sb = new StringBuilder();
      for (Specifier sp : unique) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(sp);
      }
      this.text = sb.toString();
    }
  }

  /** The empty set: matches every version. */
  public static SpecifierSet any() {
    return EMPTY;
  }

  /**
   * Parses a comma-separated list of clauses; empty (or whitespace-only) items between commas are
   * ignored, so {@code ""} is the empty set.
   *
   * @throws PepSyntaxException if any clause is invalid; the position points into {@code text}
   */
  public static SpecifierSet parse(String text) {
    List<Specifier> specs = new ArrayList<>(2);
    int from = 0;
    while (from <= text.length()) {
      int comma = text.indexOf(',', from);
      int to = comma < 0 ? text.length() : comma;
      int e = Text.stripEnd(text, from, to);
      if (Text.stripStart(text, from, e) < e) {
        specs.add(Specifier.parse(text, from, to));
      }
      from = to + 1;
    }
    return specs.isEmpty() ? EMPTY : new SpecifierSet(specs);
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static Optional<SpecifierSet> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (PepSyntaxException e) {
      return Optional.empty();
    }
  }

  /** The clauses in the order written. */
  public List<Specifier> specifiers() {
    return specifiers;
  }

  /** Whether there are no clauses (every version matches). */
  public boolean isEmpty() {
    return specifiers.isEmpty();
  }

  /**
   * Whether {@code v} satisfies every clause. A pre-release is accepted: as a single candidate it
   * has no alternative (PEP 440, pypa/packaging 26 default).
   */
  public boolean contains(Version v) {
    for (Specifier s : specifiers) {
      if (!s.matches(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code v} satisfies every clause; with {@code prereleases=false} a pre-release (or dev
   * release) never does.
   */
  public boolean contains(Version v, boolean prereleases) {
    if (!prereleases && v.isPreRelease()) {
      return false;
    }
    return contains(v);
  }

  /**
   * Whether the clauses themselves ask for pre-releases: true if any clause's operand is a
   * pre-release (other than in {@code !=} and {@code ==X.*}); empty means "apply the default rule".
   */
  public Optional<Boolean> prereleases() {
    for (Specifier s : specifiers) {
      if (s.impliesPreReleases().orElse(false)) {
        return Optional.of(true);
      }
    }
    return Optional.empty();
  }

  /** {@link #filter(Collection, Function, Boolean)} over versions with the default policy. */
  public List<Version> filter(Collection<Version> versions) {
    return filter(versions, Function.identity(), null);
  }

  /** {@link #filter(Collection, Function, Boolean)} with the default pre-release policy. */
  public <T> List<T> filter(Collection<T> items, Function<? super T, Version> key) {
    return filter(items, key, null);
  }

  /**
   * The items whose version satisfies every clause, in their original order.
   *
   * @param prereleases {@code true} keeps matching pre-releases, {@code false} drops them, {@code
   *     null} applies PEP 440's default: pre-releases are kept when a clause asks for them or when
   *     no final release matches
   */
  public <T> List<T> filter(
      Collection<T> items, Function<? super T, Version> key, Boolean prereleases) {
    Boolean policy = prereleases;
    if (policy == null && prereleases().isPresent()) {
      policy = true;
    }
    List<T> finals = new ArrayList<>();
    List<T> all = new ArrayList<>();
    for (T item : items) {
      Version v = key.apply(item);
      if (!contains(v)) {
        continue;
      }
      if (!v.isPreRelease()) {
        finals.add(item);
      }
      all.add(item);
    }
    if (Boolean.TRUE.equals(policy)) {
      return all;
    }
    if (Boolean.FALSE.equals(policy)) {
      return finals;
    }
    return finals.isEmpty() ? all : finals;
  }

  /** The highest matching version, with {@link #filter(Collection)}'s pre-release policy. */
  public Optional<Version> best(Collection<Version> versions) {
    return filter(versions).stream().max(Comparator.naturalOrder());
  }

  /**
   * The version this set pins: present when it is exactly one {@code ==X} clause without {@code .*}
   * (local label allowed), or one {@code ===X} whose operand is a PEP 440 version.
   */
  public Optional<Version> pinnedVersion() {
    if (specifiers.size() != 1) {
      return Optional.empty();
    }
    Specifier s = specifiers.get(0);
    if ((s.operator().equals("==") && !s.isWildcard()) || s.operator().equals("===")) {
      return s.version();
    }
    return Optional.empty();
  }

  /**
   * The clauses sorted as strings, equal ones (see {@link Specifier#equals}) kept once, joined with
   * {@code ,} (as packaging prints it).
   */
  @Override
  public String toString() {
    return text;
  }

  /** Equal when the same clauses (by {@link Specifier#equals}) remain, in any order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SpecifierSet && canonical().equals(((SpecifierSet) o).canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  private java.util.Set<String> canonical() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (Specifier s : specifiers) {
      out.add(s.canonical());
    }
    return out;
  }
}
