package dev.nogilscan.interpreter.probe;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The import of one module inside a probe.
 *
 * @param module the import name
 * @param imported the import completed without raising
 * @param error the exception type raised, e.g. {@code ModuleNotFoundError}, {@code SystemExit}
 * @param message the exception's message
 * @param missing for an ImportError, the name of the module that could not be found
 * @param traceback the last frames of the traceback, for evidence
 * @param warnings warnings raised during the import, as {@code Category: message}
 * @param gilEnabledAfter {@code sys._is_gil_enabled()} right after this import
 * @param failure why the import raised, when it did
 */
public record ModuleImport(
    String module,
    boolean imported,
    Optional<String> error,
    Optional<String> message,
    Optional<String> missing,
    Optional<String> traceback,
    List<String> warnings,
    boolean gilEnabledAfter,
    Optional<ImportFailure> failure) {

  /**
   * Warning categories that say nothing about free-threading or about whether the package works:
   * shown in evidence but never treated as a signal.
   */
  public static final Set<String> NOISE_CATEGORIES =
      Set.of(
          "DeprecationWarning",
          "PendingDeprecationWarning",
          "FutureWarning",
          "SyntaxWarning",
          "ResourceWarning",
          "ImportWarning",
          "EncodingWarning");

  public ModuleImport {
    warnings = List.copyOf(warnings);
  }

  /** The warnings that are not noise (for example a RuntimeWarning or a UserWarning). */
  public List<String> notableWarnings() {
    return warnings.stream()
        .filter(w -> !NOISE_CATEGORIES.contains(w.split(":", 2)[0].strip()))
        .toList();
  }

  /** The import failed because a module outside the distribution was not installed. */
  public boolean missingDependency() {
    return failure.filter(ImportFailure.MISSING_DEPENDENCY::equals).isPresent();
  }
}
