package dev.nogilscan.interpreter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds interpreters through {@link PythonLocators#ALL} and describes them. Thread safe. */
public final class InterpreterDiscovery {
  private final InterpreterInspector inspector;

  public InterpreterDiscovery(InterpreterInspector inspector) {
    this.inspector = inspector;
  }

  /** What one candidate turned out to be. */
  public record Found(
      Path path, String source, Optional<PythonInterpreter> interpreter, String problem) {}

  /**
   * Every candidate in search order, each described or with the reason it is unusable. The same
   * file reached twice (a symlink, two sources) is listed once, at its first place.
   */
  public List<Found> discover(LocatorContext context) {
    List<Found> found = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (PythonLocator locator : PythonLocators.ALL) {
      for (Path candidate : locator.candidates(context)) {
        if (!seen.add(realPath(candidate))) {
          continue;
        }
        try {
          found.add(
              new Found(
                  candidate,
                  locator.name(),
                  Optional.of(inspector.inspect(candidate, locator.name())),
                  ""));
        } catch (PythonException e) {
          found.add(new Found(candidate, locator.name(), Optional.empty(), e.getMessage()));
        }
      }
    }
    return found;
  }

  /**
   * The interpreter to probe with: {@code --python} or {@code NOGIL_SCAN_PYTHON} when given (it
   * must then be free-threaded), else the first free-threaded one found.
   *
   * @throws PythonException when an explicitly named interpreter is missing or not free-threaded
   */
  public Optional<PythonInterpreter> freeThreaded(LocatorContext context) {
    for (PythonLocator locator : PythonLocators.ALL) {
      boolean explicit =
          locator.name().equals("--python") || locator.name().equals("NOGIL_SCAN_PYTHON");
      for (Path candidate : locator.candidates(context)) {
        PythonInterpreter interpreter;
        try {
          interpreter = inspector.inspect(candidate, locator.name());
        } catch (PythonException e) {
          if (explicit) {
            throw e;
          }
          continue;
        }
        if (interpreter.freeThreaded()) {
          return Optional.of(interpreter);
        }
        if (explicit) {
          throw new PythonException(
              candidate
                  + " (from "
                  + locator.name()
                  + ") is "
                  + interpreter.describe()
                  + ", not a free-threaded build: Py_GIL_DISABLED is not 1."
                  + " Run 'nogil-scan python install' or pass a python3.13t/3.14t.");
        }
      }
    }
    return Optional.empty();
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}
