package dev.nogilscan.interpreter.probe;

import java.nio.file.Path;
import java.util.List;

/**
 * One distribution to probe.
 *
 * @param distribution its name, for the report
 * @param paths directories put first on {@code sys.path}: the distribution's own installed files
 *     and those of its dependencies
 * @param modules the top-level import names to import, in order
 */
public record ProbeTarget(String distribution, List<Path> paths, List<String> modules) {
  public ProbeTarget {
    paths = List.copyOf(paths);
    modules = List.copyOf(modules);
  }
}
