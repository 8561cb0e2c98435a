package dev.nogilscan.interpreter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment every Python child gets: built from nothing rather than filtered from ours, so
 * {@code PYTHON_GIL} (which silences GIL re-enabling, see FACTS.md), {@code PYTHONPATH}, {@code
 * PYTHONHOME}, credentials and the like never leak into it.
 */
public final class PythonEnvironment {
  private PythonEnvironment() {}

  /**
   * A scrubbed environment with the given home and temporary directory.
   *
   * @param home the child's {@code HOME}
   * @param tmp the child's {@code TMPDIR}
   */
  public static Map<String, String> scrubbed(Path home, Path tmp) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("TMPDIR", tmp.toString());
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("PYTHONIOENCODING", "utf-8");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.put("PYTHONNOUSERSITE", "1");
    return env;
  }

  /** {@link #scrubbed(Path, Path)} with the system temporary directory for both. */
  public static Map<String, String> scrubbed() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    return scrubbed(tmp, tmp);
  }
}
