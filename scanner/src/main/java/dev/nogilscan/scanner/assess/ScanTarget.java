package dev.nogilscan.scanner.assess;

import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.interpreter.PythonInterpreter;
import java.util.Optional;

/**
 * What the scan assesses for and with.
 *
 * @param environment the target interpreter and platform (tags, markers)
 * @param interpreter the free-threaded interpreter import probes run on, when they can run
 * @param probeNote for the report: the interpreter used, or why probes are skipped and the command
 *     that fixes it
 */
public record ScanTarget(
    TargetEnvironment environment, Optional<PythonInterpreter> interpreter, String probeNote) {}
