package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.PackageName;
import java.util.Optional;

/**
 * Who asked for a requirement: an input line (no package) or a resolved package.
 *
 * @param label how reports show it: {@code requirements.txt:4} or {@code uvicorn[standard] 0.30.0}
 * @param name the requiring package, empty for an input line
 */
public record Parent(String label, Optional<PackageName> name) {
  public static Parent input(String origin) {
    return new Parent(origin, Optional.empty());
  }
}
