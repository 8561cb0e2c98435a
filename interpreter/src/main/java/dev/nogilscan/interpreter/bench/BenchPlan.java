package dev.nogilscan.interpreter.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How much to measure. Every (workload, thread count) cell is run {@code rounds} times on each
 * interpreter, alternating between them; each run is a fresh process doing {@code warmups} untimed
 * and {@code repetitions} timed executions of the work, so a cell has {@code rounds × repetitions}
 * samples per interpreter.
 *
 * @param name {@code quick}, {@code full} or a caller's label
 * @param rounds processes per cell and interpreter
 * @param warmups untimed executions at the start of each process
 * @param repetitions timed executions per process
 * @param scale multiplier of each workload's amount of work (1.0 ≈ 0.1 s on a GIL build)
 * @param threadCounts thread counts of the multi-threaded workloads, ascending, starting at 1
 * @param pinCpus pin each run to as many CPUs as it has threads with {@code taskset}, when present
 * @param noiseThreshold a cell whose IQR/median exceeds this on either build is flagged noisy
 * @param processTimeout after this one run is killed and recorded as a failure
 * @param userScript the user's own workload, timed like the others
 * @param only names of the suite's workloads to run; empty for all of them
 * @param dependencies distributions to put on the path and import before every run's work ({@code
 *     --with-deps}); empty to run on the bare interpreters
 */
public record BenchPlan(
    String name,
    int rounds,
    int warmups,
    int repetitions,
    double scale,
    List<Integer> threadCounts,
    boolean pinCpus,
    double noiseThreshold,
    Duration processTimeout,
    Optional<Path> userScript,
    Set<String> only,
    Optional<BenchDependencies> dependencies) {

  /** Default flag level: an IQR above 10% of the median is too wide to tell 1.1x from 1.0x. */
  public static final double DEFAULT_NOISE_THRESHOLD = 0.10;

  public BenchPlan {
    Objects.requireNonNull(name, "name");
    threadCounts = List.copyOf(threadCounts);
    only = Set.copyOf(only);
    Objects.requireNonNull(processTimeout, "processTimeout");
    Objects.requireNonNull(userScript, "userScript");
    Objects.requireNonNull(dependencies, "dependencies");
    if (rounds < 1 || repetitions < 1 || warmups < 0) {
      throw new IllegalArgumentException(
          "rounds and repetitions must be at least 1 and warmups at least 0, but found rounds="
              + rounds
              + " repetitions="
              + repetitions
              + " warmups="
              + warmups);
    }
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive but found " + scale);
    }
    if (threadCounts.isEmpty() || threadCounts.get(0) != 1) {
      throw new IllegalArgumentException("threadCounts must start at 1 but found " + threadCounts);
    }
  }

  /**
   * About a minute on two quiet cores (measured: 25 s of CPU with 2 rounds, so about 35 s with 3):
   * 9 samples per cell and build of about 0.03 s each.
   */
  public static BenchPlan quick(int maxThreads) {
    return new BenchPlan(
        "quick",
        3,
        1,
        3,
        0.4,
        threadCounts(maxThreads),
        true,
        DEFAULT_NOISE_THRESHOLD,
        Duration.ofMinutes(2),
        Optional.empty(),
        Set.of(),
        Optional.empty());
  }

  /**
   * Several minutes on two quiet cores (about 6 estimated from the quick run's CPU time; more with
   * a higher {@code --max-threads}): 24 samples per cell and build, each of 10x the quick work.
   */
  public static BenchPlan full(int maxThreads) {
    return new BenchPlan(
        "full",
        6,
        1,
        4,
        4.0,
        threadCounts(maxThreads),
        true,
        DEFAULT_NOISE_THRESHOLD,
        Duration.ofMinutes(5),
        Optional.empty(),
        Set.of(),
        Optional.empty());
  }

  /** 1, 2, 4 … up to {@code max}, and {@code max} itself when it is not a power of two. */
  public static List<Integer> threadCounts(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("--max-threads must be at least 1 but found " + max);
    }
    List<Integer> counts = new ArrayList<>();
    for (int n = 1; n < max; n *= 2) {
      counts.add(n);
    }
    counts.add(max);
    return counts;
  }

  public BenchPlan withUserScript(Path script) {
    return new BenchPlan(
        name,
        rounds,
        warmups,
        repetitions,
        scale,
        threadCounts,
        pinCpus,
        noiseThreshold,
        processTimeout,
        Optional.of(script),
        only,
        dependencies);
  }

  public BenchPlan withShape(int rounds, int warmups, int repetitions, double scale) {
    return new BenchPlan(
        name,
        rounds,
        warmups,
        repetitions,
        scale,
        threadCounts,
        pinCpus,
        noiseThreshold,
        processTimeout,
        userScript,
        only,
        dependencies);
  }

  public BenchPlan withPinCpus(boolean value) {
    return new BenchPlan(
        name,
        rounds,
        warmups,
        repetitions,
        scale,
        threadCounts,
        value,
        noiseThreshold,
        processTimeout,
        userScript,
        only,
        dependencies);
  }

  public BenchPlan withOnly(Set<String> workloads) {
    return new BenchPlan(
        name,
        rounds,
        warmups,
        repetitions,
        scale,
        threadCounts,
        pinCpus,
        noiseThreshold,
        processTimeout,
        userScript,
        workloads,
        dependencies);
  }

  public BenchPlan withDependencies(BenchDependencies value) {
    return new BenchPlan(
        name,
        rounds,
        warmups,
        repetitions,
        scale,
        threadCounts,
        pinCpus,
        noiseThreshold,
        processTimeout,
        userScript,
        only,
        Optional.of(value));
  }
}
