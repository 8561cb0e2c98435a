package dev.nogilscan.interpreter.probe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What importing one distribution on a free-threaded interpreter showed.
 *
 * @param distribution the distribution probed
 * @param outcome the summary
 * @param modules per-module results, in import order (empty when the process died first)
 * @param gilModules every module that required the GIL, in load order: from CPython's {@code -v}
 *     lines and the RuntimeWarning, including those found by {@code --deep}
 * @param gilEnabledBefore {@code sys._is_gil_enabled()} before the first import
 * @param gilEnabledAfter {@code sys._is_gil_enabled()} after the last import
 * @param signal the signal that killed the interpreter, for {@link ProbeOutcome#CRASH}
 * @param detail one line saying what happened, for verdict reasons
 * @param outputTail the last lines the imported code and the interpreter printed, without the
 *     {@code -v} trace and without noise (deprecation-style warnings), for evidence; holds the
 *     faulthandler traceback after a crash
 * @param isolation the sandbox measures applied, e.g. {@code no-network}, {@code uid-65534}, or
 *     {@code runs-as-root (reason)}
 * @param elapsed wall-clock time of the probe process
 * @param missingDependencies modules that could not be found and are not part of the distribution
 *     (its import names and their submodules), in the order met
 * @param noiseLines lines of output left out of {@code outputTail} as noise
 * @param deep the {@code --deep} phase, when asked for and reached
 * @param threadsSmoke the {@code --threads-smoke} phase, when asked for and reached
 * @param processShare how many distributions shared the interpreter process this result came from:
 *     1 when probed alone (always the case for a result with a problem, see {@link ProbeScheduler})
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
    Duration elapsed,
    List<String> missingDependencies,
    int noiseLines,
    Optional<DeepImport> deep,
    Optional<ThreadsSmoke> threadsSmoke,
    int processShare) {
  public ProbeResult {
    modules = List.copyOf(modules);
    gilModules = List.copyOf(gilModules);
    isolation = List.copyOf(isolation);
    missingDependencies = List.copyOf(missingDependencies);
  }

  /**
   * The import failed only because dependencies were not installed: the distribution itself may be
   * fine. False for a broken package (its own module missing, a bad name, a failing extension).
   */
  public boolean missingDependency() {
    return outcome == ProbeOutcome.IMPORT_ERROR
        && modules.stream().filter(m -> !m.imported()).allMatch(ModuleImport::missingDependency);
  }
}
