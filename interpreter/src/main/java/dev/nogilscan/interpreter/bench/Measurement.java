package dev.nogilscan.interpreter.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one interpreter did on one cell, over all its rounds.
 *
 * @param samples every timed repetition in seconds, in the order they were taken
 * @param cpuSamples CPU time of the whole process (all threads) during each repetition, same order
 * @param statistics summary of {@code samples}
 * @param peakRssKb the largest peak resident set size of its processes ({@code ru_maxrss}), when
 *     any reported one
 * @param gilEnabledAtEnd some run reported {@code sys._is_gil_enabled()} true after its work (for a
 *     free-threaded build: the GIL was switched back on, and the numbers are those of a GIL build)
 * @param processes runs that finished and reported
 * @param problems one line per run that failed (exit status, timeout, unreadable output)
 * @param preload what importing the dependencies did, with {@code --with-deps}
 */
public record Measurement(
    List<Double> samples,
    List<Double> cpuSamples,
    Statistics statistics,
    OptionalLong peakRssKb,
    boolean gilEnabledAtEnd,
    int processes,
    List<String> problems,
    Optional<Preload> preload) {

  public Measurement {
    samples = List.copyOf(samples);
    cpuSamples = List.copyOf(cpuSamples);
    problems = List.copyOf(problems);
    java.util.Objects.requireNonNull(preload, "preload");
  }

  /**
   * Total CPU time / total wall time over the repetitions: the parallelism achieved, about N for N
   * threads that really run at once and at most about 1 under a GIL. Less sensitive to a busy
   * machine than wall time. Empty without CPU samples.
   */
  public OptionalDouble parallelism() {
    if (cpuSamples.isEmpty() || cpuSamples.size() != samples.size()) {
      return OptionalDouble.empty();
    }
    double wall = samples.stream().mapToDouble(Double::doubleValue).sum();
    double cpu = cpuSamples.stream().mapToDouble(Double::doubleValue).sum();
    return wall > 0 ? OptionalDouble.of(cpu / wall) : OptionalDouble.empty();
  }

  /** The modules whose import switched the GIL back on before the work; empty when none did. */
  public List<String> gilEnabledBy() {
    return preload.map(Preload::gilEnabledBy).orElse(List.of());
  }

  public boolean hasSamples() {
    return statistics.count() > 0;
  }
}
