package dev.nogilscan.interpreter.probe;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@code --threads-smoke N} phase: the distribution's modules imported and their attributes
 * read from N threads at once, after the ordinary import. Reported beside the outcome, never in it.
 *
 * @param threads N
 * @param outcome how it ended
 * @param errors distinct exceptions raised in the threads, as {@code module: Type: message}
 * @param signal the signal that killed the interpreter, for {@link Outcome#CRASH}
 * @param elapsed how long the threads ran (zero when the interpreter died)
 * @param gilEnabledAfter {@code sys._is_gil_enabled()} afterwards
 */
public record ThreadsSmoke(
    int threads,
    Outcome outcome,
    List<String> errors,
    OptionalInt signal,
    Duration elapsed,
    boolean gilEnabledAfter) {

  /** How the concurrent imports ended. */
  public enum Outcome {
    PASSED,
    /** Some thread raised; see {@link #errors()}. */
    RAISED,
    /** The interpreter died. */
    CRASH,
    /** The process ran out of time while the threads ran. */
    TIMEOUT
  }

  public ThreadsSmoke {
    errors = List.copyOf(errors);
  }
}
