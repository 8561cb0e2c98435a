package dev.nogilscan.scanner.resolve;

import java.util.List;
import java.util.Set;

/**
 * One package of a resolution.
 *
 * @param candidate the release chosen and its file
 * @param extras the extras requested of it
 * @param requiredBy everyone who asked for it, inputs and packages, in the order they asked
 * @param requirements the requirement texts that asked for it, e.g. {@code bar<2,>=1}
 * @param dependencies the dependencies used for resolution (markers evaluated)
 * @param direct true when an input names it
 * @param notes resolution facts worth reporting (newer releases passed over and why, unknown
 *     dependencies)
 */
public record ResolvedPackage(
    Candidate candidate,
    Set<String> extras,
    List<Parent> requiredBy,
    List<String> requirements,
    Dependencies dependencies,
    boolean direct,
    List<String> notes) {
  public ResolvedPackage {
    extras = Set.copyOf(extras);
    requiredBy = List.copyOf(requiredBy);
    requirements = List.copyOf(requirements);
    notes = List.copyOf(notes);
  }

  /** {@code name[extra] version}, as chains show it. */
  public String label() {
    String x =
        extras.isEmpty() ? "" : "[" + String.join(",", extras.stream().sorted().toList()) + "]";
    return candidate.name() + x + " " + candidate.version();
  }
}
