package dev.nogilscan.interpreter;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A CPython interpreter as it describes itself (from {@code sysconfig} and {@code sys}, asked by
 * running it).
 *
 * @param executable the path it was found at
 * @param version {@code platform.python_version()}, e.g. {@code 3.13.5}
 * @param freeThreaded {@code sysconfig.get_config_var("Py_GIL_DISABLED") == 1} (PEP 703 build)
 * @param implementation {@code sys.implementation.name}, e.g. {@code cpython}
 * @param extSuffix {@code EXT_SUFFIX}, e.g. {@code .cpython-313t-x86_64-linux-gnu.so}
 * @param includeDir where {@code Python.h} lives, for compiling extensions against it
 * @param machine {@code platform.machine()}
 * @param glibc the glibc version it runs on, when it does (e.g. {@code 2.36})
 * @param source how it was found, e.g. {@code --python}, {@code PATH}, {@code provisioned}
 */
public record PythonInterpreter(
    Path executable,
    String version,
    boolean freeThreaded,
    String implementation,
    String extSuffix,
    Path includeDir,
    String machine,
    Optional<String> glibc,
    String source) {

  /** {@code 3.13} from {@code 3.13.5}. */
  public String minorVersion() {
    String[] parts = version.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
  }

  /** The target this interpreter stands for: {@code 3.13t} or {@code 3.13}. */
  public String targetName() {
    return minorVersion() + (freeThreaded ? "t" : "");
  }

  /** A one-line description for lists and messages. */
  public String describe() {
    return "CPython "
        + version
        + (freeThreaded ? " free-threaded" : " (GIL build)")
        + " at "
        + executable;
  }
}
