package dev.nogilscan.scanner.resolve;

import dev.nogilscan.compatdb.pep.Requirement;
import java.util.List;
import java.util.Optional;

/**
 * What a release declares it needs.
 *
 * @param requires every {@code Requires-Dist}, markers not yet evaluated
 * @param source where they were read: {@code PEP 658 metadata}, {@code wheel METADATA}, {@code
 *     sdist PKG-INFO}
 * @param unknown why they could not be known (an sdist whose dependencies are only known after a
 *     build), when they could not
 */
public record Dependencies(List<Requirement> requires, String source, Optional<String> unknown) {
  public Dependencies {
    requires = List.copyOf(requires);
  }
}
