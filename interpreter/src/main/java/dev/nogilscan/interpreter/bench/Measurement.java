package dev.nogilscan.interpreter.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one interpreter did on one cell, over all its rounds.
 *
 * @param samples every timed repetition in seconds, in the order they were taken
 * @param statistics summary of {@code samples}
 * @param peakRssKb the largest peak resident set size of its processes ({@code ru_maxrss}), when
 *     any reported one
 * @param gilEnabledAtEnd some run reported {@code sys._is_gil_enabled()} true after its work (for a
 *     free-threaded build: the GIL was switched back on, and the numbers are those of a GIL build)
 * @param processes runs that finished and reported
 * @param problems one line per run that failed (exit status, timeout, unreadable output)
 */
public record Measurement(
    List<Double> samples,
    Statistics statistics,
    OptionalLong peakRssKb,
    boolean gilEnabledAtEnd,
    int processes,
    List<String> problems) {

  public Measurement {
    samples = List.copyOf(samples);
    problems = List.copyOf(problems);
  }

  public boolean hasSamples() {
    return statistics.count() > 0;
  }
}
