package dev.nogilscan.interpreter.probe;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * What importing one distribution on a free-threaded interpreter showed.
 *
 * @param distribution the distribution probed
 * @param outcome the summary
 * @param modules per-module results, in import order (empty when the process died first)
 * @param gilModules every module that required the GIL, in load order: from CPython's {@code -v}
 *     lines and the RuntimeWarning
 * @param gilEnabledBefore {@code sys._is_gil_enabled()} before the first import
 * @param gilEnabledAfter {@code sys._is_gil_enabled()} after the last import
 * @param signal the signal that killed the interpreter, for {@link ProbeOutcome#CRASH}
 * @param detail one line saying what happened, for verdict reasons
 * @param outputTail the last lines the imported code and the interpreter printed (without the
 *     {@code -v} trace), for evidence
 * @param isolation the sandbox measures applied, e.g. {@code no-network}
 * @param elapsed wall-clock time of the probe process
 */
public record ProbeResult(
    String distribution,
    ProbeOutcome outcome,
    List<ModuleImport> modules,
    List<String> gilModules,
    boolean gilEnabledBefore,
    boolean gilEnabledAfter,
    OptionalInt signal,
    String detail,
    String outputTail,
    List<String> isolation,
    Duration elapsed) {
  public ProbeResult {
    modules = List.copyOf(modules);
    gilModules = List.copyOf(gilModules);
    isolation = List.copyOf(isolation);
  }
}
