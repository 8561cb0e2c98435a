package dev.nogilscan.interpreter.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What loading the dependencies did in the runs of one cell on one build, merged over its runs
 * (each list in order of first appearance, without repeats).
 *
 * @param imported modules that imported
 * @param failed {@code module: error} for modules that raised on import
 * @param gilEnabledBy for a free-threaded build, the module that switched the GIL back on: the
 *     extension module CPython's warning names (e.g. {@code legacyext._core}), else the module
 *     whose import did it; only the first one per run can be named, since the GIL then stays on
 * @param runs runs that reported their preload
 * @param gilEnabledRuns of those, runs whose GIL was on after the imports
 */
public record Preload(
    List<String> imported,
    List<String> failed,
    List<String> gilEnabledBy,
    int runs,
    int gilEnabledRuns) {

  public Preload {
    imported = List.copyOf(imported);
    failed = List.copyOf(failed);
    gilEnabledBy = List.copyOf(gilEnabledBy);
  }

  /** Merges two cells' or runs' preloads. */
  Preload plus(Preload other) {
    return new Preload(
        union(imported, other.imported),
        union(failed, other.failed),
        union(gilEnabledBy, other.gilEnabledBy),
        runs + other.runs,
        gilEnabledRuns + other.gilEnabledRuns);
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }
}
