package dev.nogilscan.interpreter.probe;

import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Run in a JVM of its own by {@link ImportProbeTest} with {@code PYTHON_GIL=0} in its environment:
 * probes {@code envreport} (which prints what the child sees, then imports a legacy extension).
 * Arguments: python, envreport site, legacy site, work root.
 */
public final class PythonGilChild {
  private PythonGilChild() {}

  public static void main(String[] args) {
    System.out.println("scanner sees PYTHON_GIL=" + System.getenv("PYTHON_GIL"));
    ProcessRunner runner = new ProcessRunner();
    PythonInterpreter python = new InterpreterInspector(runner).inspect(Path.of(args[0]), "test");
    ImportProbe probe =
        new ImportProbe(runner, Path.of(args[3]), Duration.ofSeconds(60), Sandbox.forImportProbe());
    ProbeResult r =
        probe.probe(
            python,
            new ProbeTarget(
                "envreport", List.of(Path.of(args[1]), Path.of(args[2])), List.of("envreport")));
    System.out.println("outcome=" + r.outcome());
    System.out.println("gilModules=" + r.gilModules());
    System.out.println(r.outputTail());
  }
}
