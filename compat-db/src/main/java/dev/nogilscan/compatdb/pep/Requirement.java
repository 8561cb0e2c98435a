package dev.nogilscan.compatdb.pep;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A PEP 508 dependency specifier: {@code name [extras] (version specifier | @ url) ; marker}.
 *
 * <p>{@link #toString()} is the normalised form: the PEP 503 name, the PEP 685 normalised extras
 * sorted, the specifier set and marker as pypa/packaging prints them. Immutable and thread-safe.
 *
 * @param name the project name, normalised
 * @param extras the requested extras, normalised and sorted
 * @param specifier the version specifier; empty for a URL requirement or no constraint
 * @param url the direct reference after {@code @}, as written
 * @param marker the environment marker after {@code ;}
 */
public record Requirement(
    PackageName name,
    Set<String> extras,
    SpecifierSet specifier,
    Optional<String> url,
    Optional<Marker> marker) {

  public Requirement {
    extras = Collections.unmodifiableSortedSet(new TreeSet<>(extras));
  }

  /**
   * Parses a dependency specifier such as {@code "Requests[Security] >=2.8.1, ==2.8.* ;
   * python_version < '2.7'"}.
   *
   * @throws PepSyntaxException if it is not valid PEP 508 (the caret is under the first offending
   *     character)
   */
  public static Requirement parse(String text) {
    Pep508Parser p = new Pep508Parser(text);
    Pep508Parser.Parts parts = p.requirement();
    PackageName name;
    try {
      name = PackageName.of(parts.name());
    } catch (PepSyntaxException e) {
      throw new PepSyntaxException(e.expected(), text, parts.nameAt() + e.position());
    }
    Set<String> extras = new TreeSet<>();
    for (String e : parts.extras()) {
      extras.add(PackageName.normalize(e));
    }
    SpecifierSet spec =
        p.parsedSpecifier != null ? p.parsedSpecifier : SpecifierSet.parse(parts.specifier());
    return new Requirement(
        name,
        extras,
        spec,
        Optional.ofNullable(parts.url()),
        Optional.ofNullable(parts.marker()).map(Marker::of));
  }

  /** Like {@link #parse(String)}, but empty instead of throwing. */
  public static Optional<Requirement> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (PepSyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether this requirement applies in {@code env} when the given extras of the requiring project
   * are selected: true without a marker.
   *
   * @throws MarkerEvaluationException if the marker cannot be evaluated
   */
  public boolean appliesTo(MarkerEnvironment env, Set<String> selectedExtras) {
    return marker.map(m -> m.evaluate(env, selectedExtras)).orElse(true);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name.normalized());
    if (!extras.isEmpty()) {
      sb.append('[').append(String.join(",", extras)).append(']');
    }
    sb.append(specifier);
    url.ifPresent(u -> sb.append(" @ ").append(u).append(marker.isPresent() ? " " : ""));
    marker.ifPresent(m -> sb.append("; ").append(m));
    return sb.toString();
  }
}
