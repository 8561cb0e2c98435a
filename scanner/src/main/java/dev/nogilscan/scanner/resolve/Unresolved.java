package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.PackageName;
import java.util.List;

/**
 * A requirement that names nothing the index has: the project is missing, or no release matches.
 * Reported as a {@code skipped} verdict with its chain; the rest of the resolution goes on.
 *
 * @param name the project
 * @param reason one line
 * @param requiredBy who asked for it
 * @param requirements the requirement texts
 */
public record Unresolved(
    PackageName name, String reason, List<Parent> requiredBy, List<String> requirements) {
  public Unresolved {
    requiredBy = List.copyOf(requiredBy);
    requirements = List.copyOf(requirements);
  }
}
