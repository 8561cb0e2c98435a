package dev.nogilscan.interpreter.probe;

import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.LocatorContext;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.PythonLocators;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real free-threaded interpreter for tests: {@code -Dnogilscan.python=PATH}, else the one this
 * tool provisioned under {@code ~/.cache/nogil-scan}. Tests are skipped when there is none.
 */
final class RealPython {
  static final ProcessRunner RUNNER = new ProcessRunner();
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");

  private RealPython() {}

  static PythonInterpreter find() {
    InterpreterInspector inspector = new InterpreterInspector(RUNNER);
    String explicit = System.getProperty("nogilscan.python", "");
    if (!explicit.isBlank()) {
      return inspector.inspect(Path.of(explicit), "-Dnogilscan.python");
    }
    Path home = Path.of(System.getProperty("user.home"));
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache"))
            .resolve("nogil-scan");
    LocatorContext context = new LocatorContext(Optional.empty(), Map.of(), home, cache);
    for (Path p : PythonLocators.named("provisioned").orElseThrow().candidates(context)) {
      PythonInterpreter python = inspector.inspect(p, "provisioned");
      if (python.freeThreaded()) {
        return python;
      }
    }
    // CI provisions it (scripts/ensure-python): a missing interpreter fails, never skips, the tests
    throw new AssertionError(
        "no free-threaded interpreter under "
            + cache
            + ": run scripts/ensure-python or pass -Dnogilscan.python=PATH");
  }

  /**
   * When this JVM runs as root, the interpreter's installation hard-linked (no copy of the data)
   * into {@code dir}, which is opened up so {@code nobody} can run it: the provisioned one usually
   * lives under {@code /root}, which {@code nobody} cannot enter, and a probe that cannot drop
   * privileges leaves RLIMIT_NPROC unenforced. Otherwise the interpreter itself.
   */
  static PythonInterpreter runnableByNobody(PythonInterpreter python, Path dir) throws IOException {
    if (!RUNNER.capabilities().canDropPrivileges()) {
      return python;
    }
    Path install = python.executable().toRealPath().getParent().getParent();
    Path copy = dir.resolve("python");
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(
                List.of("cp", "-al", install.toString(), copy.toString()),
                ENV,
                dir,
                Duration.ofSeconds(120)));
    if (!r.succeeded()) {
      // Another filesystem: no hard links. The probes then run as root, which they report.
      return python;
    }
    openUp(dir);
    return new PythonInterpreter(
        copy.resolve("bin").resolve(python.executable().getFileName()),
        python.version(),
        python.freeThreaded(),
        python.implementation(),
        python.extSuffix(),
        python.includeDir(),
        python.machine(),
        python.glibc(),
        python.source());
  }

  /** rwxr-xr-x on {@code dir}, so nobody can search it (JUnit creates temp dirs rwx------). */
  static void openUp(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Compiles {@code source} into an extension module {@code name} inside {@code dir}. */
  static void compileExtension(PythonInterpreter python, Path dir, String name, String source)
      throws IOException {
    Files.createDirectories(dir);
    Path c = dir.resolve(name + ".c");
    Files.writeString(c, source);
    Path so = dir.resolve(name + python.extSuffix());
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(
                List.of(
                    "gcc",
                    "-shared",
                    "-fPIC",
                    "-O0",
                    "-I" + python.includeDir(),
                    c.toString(),
                    "-o",
                    so.toString()),
                ENV,
                dir,
                Duration.ofSeconds(120)));
    if (!r.succeeded()) {
      throw new IllegalStateException("gcc failed for " + name + ":\n" + r.stderr());
    }
    Files.delete(c);
  }

  /** A multi-phase extension that declares {@code Py_mod_gil = Py_MOD_GIL_NOT_USED}. */
  static String modern(String fullName) {
    String last = fullName.substring(fullName.lastIndexOf('.') + 1);
    return """
        #include <Python.h>
        static PyModuleDef_Slot slots[] = {
            {Py_mod_gil, Py_MOD_GIL_NOT_USED},
            {0, NULL}
        };
        static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "%s", NULL, 0, NULL, slots};
        PyMODINIT_FUNC PyInit_%s(void) { return PyModuleDef_Init(&def); }
        """
        .formatted(fullName, last);
  }

  /** A single-phase extension that declares nothing: importing it re-enables the GIL. */
  static String legacy(String fullName) {
    String last = fullName.substring(fullName.lastIndexOf('.') + 1);
    return """
        #include <Python.h>
        static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "%s", NULL, -1, NULL};
        PyMODINIT_FUNC PyInit_%s(void) { return PyModule_Create(&def); }
        """
        .formatted(fullName, last);
  }

  /** An extension whose initialisation dereferences a null pointer. */
  static String segfault(String fullName) {
    String last = fullName.substring(fullName.lastIndexOf('.') + 1);
    return """
        #include <Python.h>
        PyMODINIT_FUNC PyInit_%s(void) {
            volatile int *nowhere = NULL;
            *nowhere = 1;
            return NULL;
        }
        """
        .formatted(last);
  }

  /** Writes {@code files} (relative path to text) under {@code site}. */
  static Path site(Path site, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = site.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    return site;
  }
}
