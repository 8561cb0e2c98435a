package dev.nogilscan.interpreter.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run: the command, its whole environment (nothing is inherited), where, for how long and
 * how much of its output to keep.
 *
 * @param command the program and its arguments
 * @param environment the complete environment of the child; the parent's is never inherited, so
 *     variables such as {@code PYTHON_GIL} reach a child only when a caller puts them here
 * @param workingDirectory the child's working directory
 * @param timeout after this the whole process group is killed
 * @param outputLimit bytes kept of each of stdout and stderr; the rest is counted and dropped
 * @param sandbox limits and isolation applied to the child, or {@link Sandbox#none()}
 * @param stdin bytes written to the child's standard input, which is then closed
 */
public record ProcessSpec(
    List<String> command,
    Map<String, String> environment,
    Path workingDirectory,
    Duration timeout,
    int outputLimit,
    Sandbox sandbox,
    Optional<byte[]> stdin) {

  /** Default cap on captured output per stream. */
  public static final int DEFAULT_OUTPUT_LIMIT = 1 << 20;

  public ProcessSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(stdin, "stdin");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    if (outputLimit <= 0) {
      throw new IllegalArgumentException("outputLimit must be positive: " + outputLimit);
    }
  }

  /** A spec with no sandbox, the default output limit and no stdin. */
  public static ProcessSpec of(
      List<String> command,
      Map<String, String> environment,
      Path workingDirectory,
      Duration timeout) {
    return new ProcessSpec(
        command,
        environment,
        workingDirectory,
        timeout,
        DEFAULT_OUTPUT_LIMIT,
        Sandbox.none(),
        Optional.empty());
  }

  public ProcessSpec withSandbox(Sandbox value) {
    return new ProcessSpec(
        command, environment, workingDirectory, timeout, outputLimit, value, stdin);
  }

  public ProcessSpec withOutputLimit(int value) {
    return new ProcessSpec(command, environment, workingDirectory, timeout, value, sandbox, stdin);
  }
}
