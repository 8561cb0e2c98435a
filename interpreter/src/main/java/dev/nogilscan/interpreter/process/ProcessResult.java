package dev.nogilscan.interpreter.process;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a finished (or killed) child did.
 *
 * @param exitCode the exit status; for a child killed by a signal, 128 + the signal number
 * @param timedOut the child outlived its timeout and its process group was killed
 * @param stdout captured standard output, at most the spec's output limit, decoded as UTF-8
 * @param stderr captured standard error, likewise
 * @param stdoutDropped bytes of stdout beyond the limit that were discarded
 * @param stderrDropped bytes of stderr beyond the limit that were discarded
 * @param elapsed wall-clock time from start to exit
 * @param isolation the isolation actually applied, e.g. {@code ["process-group", "unshare-net",
 *     "prlimit"]}
 */
public record ProcessResult(
    int exitCode,
    boolean timedOut,
    String stdout,
    String stderr,
    long stdoutDropped,
    long stderrDropped,
    Duration elapsed,
    List<String> isolation) {

  public ProcessResult {
    isolation = List.copyOf(isolation);
  }

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /** The signal that ended the child, when it was ended by one (exit status above 128). */
  public OptionalInt signal() {
    return !timedOut && exitCode > 128 && exitCode < 128 + 65
        ? OptionalInt.of(exitCode - 128)
        : OptionalInt.empty();
  }

  /** The last {@code lines} lines of stderr, for messages. */
  public String stderrTail(int lines) {
    return ProcessOutput.tail(stderr, lines);
  }
}
