package dev.nogilscan.scanner.resolve;

import java.util.List;

/** The outcome of resolving: the releases chosen, sorted by name, and what could not be found. */
public record Resolution(List<ResolvedPackage> packages, List<Unresolved> unresolved) {
  public Resolution {
    packages = List.copyOf(packages);
    unresolved = List.copyOf(unresolved);
  }
}
