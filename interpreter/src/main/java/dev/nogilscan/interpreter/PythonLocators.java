package dev.nogilscan.interpreter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ordered registry of {@link PythonLocator}s, in the search order PRODUCT.md promises: {@code
 * --python}, {@code NOGIL_SCAN_PYTHON}, {@code PATH}, pyenv, uv, then interpreters this tool
 * provisioned.
 */
public final class PythonLocators {
  /**
   * Free-threaded names first, newest first; GIL names after, so {@code python list} shows them.
   */
  static final List<String> PATH_NAMES =
      List.of(
          "python3.15t",
          "python3.14t",
          "python3.13t",
          "python3.15",
          "python3.14",
          "python3.13",
          "python3");

  private static final Pattern VERSIONED_PYTHON = Pattern.compile("python3\\.\\d+t?");

  public static final List<PythonLocator> ALL =
      List.of(
          locator("--python", c -> c.explicit().stream().toList()),
          locator(
              "NOGIL_SCAN_PYTHON", c -> c.env("NOGIL_SCAN_PYTHON").map(Path::of).stream().toList()),
          locator("PATH", PythonLocators::onPath),
          locator(
              "pyenv",
              c ->
                  versionedIn(
                      c.env("PYENV_ROOT")
                          .map(Path::of)
                          .orElse(c.home().resolve(".pyenv"))
                          .resolve("versions"))),
          locator(
              "uv",
              c ->
                  versionedIn(
                      c.env("UV_PYTHON_INSTALL_DIR")
                          .map(Path::of)
                          .orElse(
                              c.env("XDG_DATA_HOME")
                                  .map(Path::of)
                                  .orElse(c.home().resolve(".local/share"))
                                  .resolve("uv/python")))),
          locator("provisioned", c -> versionedIn(c.cacheDir().resolve("python"))));

  private PythonLocators() {}

  private interface Finder {
    List<Path> find(LocatorContext context);
  }

  private static PythonLocator locator(String name, Finder finder) {
    return new PythonLocator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Path> candidates(LocatorContext context) {
        return finder.find(context);
      }
    };
  }

  private static List<Path> onPath(LocatorContext context) {
    List<Path> found = new ArrayList<>();
    String path = context.env("PATH").orElse("");
    for (String name : PATH_NAMES) {
      for (String dir : path.split(":")) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate) && !found.contains(candidate)) {
          found.add(candidate);
          break;
        }
      }
    }
    return found;
  }

  /**
   * The {@code bin/python3.X[t]} executables of every installation directly under {@code root} (the
   * layout of pyenv, uv and our own cache), sorted by path for a stable order.
   */
  static List<Path> versionedIn(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> installs = Files.list(root)) {
      for (Path install : installs.sorted().toList()) {
        found.addAll(versionedExecutables(install.resolve("bin")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return found;
  }

  private static List<Path> versionedExecutables(Path bin) throws IOException {
    if (!Files.isDirectory(bin)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(bin)) {
      return files
          .filter(p -> VERSIONED_PYTHON.matcher(p.getFileName().toString()).matches())
          .filter(Files::isExecutable)
          .sorted(
              // python3.13t before python3.13: a free-threaded install has both names
              Comparator.comparing((Path p) -> !p.getFileName().toString().endsWith("t"))
                  .thenComparing(Path::toString))
          .toList();
    }
  }

  /** The locator with this name, for tests and messages. */
  public static Optional<PythonLocator> named(String name) {
    return ALL.stream().filter(l -> l.name().equals(name)).findFirst();
  }
}
