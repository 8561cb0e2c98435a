package dev.nogilscan.interpreter;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where to look for interpreters.
 *
 * @param explicit the {@code --python} argument, if given
 * @param environment the environment of the scanner (read for {@code NOGIL_SCAN_PYTHON}, {@code
 *     PATH}, {@code PYENV_ROOT}, {@code UV_PYTHON_INSTALL_DIR}, {@code XDG_DATA_HOME})
 * @param home the user's home directory
 * @param cacheDir the tool's cache directory (provisioned interpreters live under {@code python/})
 */
public record LocatorContext(
    Optional<Path> explicit, Map<String, String> environment, Path home, Path cacheDir) {
  public LocatorContext {
    environment = Map.copyOf(environment);
  }

  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
  }
}
