package dev.nogilscan.interpreter.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The user's dependencies to load before every run's work ({@code --with-deps}): installed
 * distributions put on {@code sys.path} and their modules imported, outside the clock, so a
 * dependency that switches the GIL back on shows up in the measurements it serialises.
 *
 * <p>Each build has its own list because a native wheel is built for one ABI ({@code cp313t} is not
 * {@code cp313}); a pure-Python wheel is usually installed once and listed on both.
 *
 * @param freeThreaded what the free-threaded build loads, in import order
 * @param gil what the GIL twin loads, in import order
 * @param notInstalled one line per distribution that could not be installed for a build (sdist
 *     only, no wheel for its tags, unreadable archive), naming the build and the reason
 */
public record BenchDependencies(
    List<Distribution> freeThreaded, List<Distribution> gil, List<String> notInstalled) {

  public BenchDependencies {
    freeThreaded = List.copyOf(freeThreaded);
    gil = List.copyOf(gil);
    notInstalled = List.copyOf(notInstalled);
  }

  /**
   * One installed distribution.
   *
   * @param name its project name
   * @param version its version
   * @param file the archive it was installed from
   * @param site the directory it is installed in (added as a site directory, {@code .pth} files
   *     honoured)
   * @param modules the top-level modules to import
   */
  public record Distribution(
      String name, String version, String file, Path site, List<String> modules) {
    public Distribution {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(site, "site");
      modules = List.copyOf(modules);
    }

    public String label() {
      return name + " " + version;
    }
  }

  /** The distribution of {@code list} that provides the top-level module of {@code module}. */
  static java.util.Optional<Distribution> owner(List<Distribution> list, String module) {
    int dot = module.indexOf('.');
    String top = dot < 0 ? module : module.substring(0, dot);
    return list.stream().filter(d -> d.modules().contains(top)).findFirst();
  }
}
