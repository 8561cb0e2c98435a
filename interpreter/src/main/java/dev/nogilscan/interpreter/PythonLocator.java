package dev.nogilscan.interpreter;

import java.nio.file.Path;
import java.util.List;

/**
 * One place interpreters can be found. Implementations only list candidate paths; whether a
 * candidate runs and is free-threaded is decided by {@link InterpreterInspector}.
 */
public interface PythonLocator {
  /** Shown as the source of what it finds, e.g. {@code PATH}. */
  String name();

  /** Candidate executables, best first; paths that do not exist are left out. */
  List<Path> candidates(LocatorContext context);
}
