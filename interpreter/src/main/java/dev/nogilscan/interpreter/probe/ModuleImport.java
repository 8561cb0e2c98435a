package dev.nogilscan.interpreter.probe;

import java.util.List;
import java.util.Optional;

/**
 * The import of one top-level module inside a probe.
 *
 * @param module the import name
 * @param imported the import completed without raising
 * @param error the exception type raised, e.g. {@code ModuleNotFoundError}, {@code SystemExit}
 * @param message the exception's message
 * @param missing for an ImportError, the name of the module that could not be found
 * @param traceback the last frames of the traceback, for evidence
 * @param warnings warnings raised during the import, as {@code Category: message}
 * @param gilEnabledAfter {@code sys._is_gil_enabled()} right after this import
 */
public record ModuleImport(
    String module,
    boolean imported,
    Optional<String> error,
    Optional<String> message,
    Optional<String> missing,
    Optional<String> traceback,
    List<String> warnings,
    boolean gilEnabledAfter) {
  public ModuleImport {
    warnings = List.copyOf(warnings);
  }
}
