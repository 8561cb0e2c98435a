package dev.nogilscan.interpreter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Asks an interpreter what it is by running it. Thread safe. */
public final class InterpreterInspector {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProcessRunner runner;
  private final String script = Scripts.load("describe.py");

  public InterpreterInspector(ProcessRunner runner) {
    this.runner = runner;
  }

  /**
   * Describes the interpreter at {@code executable}.
   *
   * @param source how it was found, carried into the result
   * @throws PythonException when it is missing, does not run, or is not CPython 3
   */
  public PythonInterpreter inspect(Path executable, String source) {
    if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
      throw new PythonException(executable + ": no executable interpreter there (" + source + ")");
    }
    ProcessResult result;
    try {
      result =
          runner.run(
              ProcessSpec.of(
                  List.of(executable.toString(), "-I", "-c", script),
                  PythonEnvironment.scrubbed(),
                  Path.of(System.getProperty("java.io.tmpdir")),
                  Duration.ofSeconds(30)));
    } catch (ProcessRunner.ProcessStartException e) {
      throw new PythonException(executable + ": cannot run it (" + e.getMessage() + ")", e);
    }
    if (!result.succeeded()) {
      throw new PythonException(
          executable
              + ": does not answer as a Python 3 interpreter (exit "
              + result.exitCode()
              + "): "
              + result.stderrTail(3));
    }
    try {
      JsonNode node = JSON.readTree(result.stdout());
      return new PythonInterpreter(
          executable,
          node.path("version").asText(),
          node.path("freeThreaded").asBoolean(false),
          node.path("implementation").asText(),
          node.path("extSuffix").asText(),
          Path.of(node.path("include").asText()),
          node.path("machine").asText(),
          node.path("glibc").isTextual()
              ? Optional.of(node.path("glibc").asText())
              : Optional.empty(),
          source);
    } catch (IOException e) {
      throw new PythonException(executable + ": unexpected answer: " + result.stdout().strip(), e);
    }
  }
}
