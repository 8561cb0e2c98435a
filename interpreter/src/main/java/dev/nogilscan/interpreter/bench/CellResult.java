package dev.nogilscan.interpreter.bench;

import java.util.OptionalDouble;

/**
 * One workload at one thread count, measured on both builds.
 *
 * @param workload the workload
 * @param threads threads it ran with (1 for single-threaded and user workloads)
 * @param freeThreaded the free-threaded build's measurement
 * @param gil the GIL twin's measurement
 * @param noisy the spread (IQR/median) of either build is above the plan's threshold, or a build
 *     has fewer than three samples: the ratio cannot be concluded from
 */
public record CellResult(
    Workload workload, int threads, Measurement freeThreaded, Measurement gil, boolean noisy) {

  /** Builds a cell, flagging it noisy by {@code noiseThreshold}. */
  public static CellResult of(
      Workload workload,
      int threads,
      Measurement freeThreaded,
      Measurement gil,
      double noiseThreshold) {
    return new CellResult(
        workload,
        threads,
        freeThreaded,
        gil,
        tooNoisy(freeThreaded, noiseThreshold) || tooNoisy(gil, noiseThreshold));
  }

  private static boolean tooNoisy(Measurement m, double threshold) {
    Statistics s = m.statistics();
    return s.count() < 3 || !(s.relativeSpread() <= threshold);
  }

  /**
   * GIL median / free-threaded median: above 1 the free-threaded build is faster by that factor,
   * below 1 it is slower. Empty when either build has no samples.
   */
  public OptionalDouble speedup() {
    if (!freeThreaded.hasSamples() || !gil.hasSamples()) {
      return OptionalDouble.empty();
    }
    double ft = freeThreaded.statistics().median();
    double g = gil.statistics().median();
    return ft > 0 ? OptionalDouble.of(g / ft) : OptionalDouble.empty();
  }

  /**
   * The middle halves (q1..q3) of the two builds' samples do not overlap: even in a noisy cell the
   * direction of the difference holds, if not its size.
   */
  public boolean separated() {
    if (!freeThreaded.hasSamples() || !gil.hasSamples()) {
      return false;
    }
    Statistics f = freeThreaded.statistics();
    Statistics g = gil.statistics();
    return f.q1() > g.q3() || g.q1() > f.q3();
  }

  /** Free-threaded peak RSS / GIL peak RSS, when both are known. */
  public OptionalDouble memoryRatio() {
    if (freeThreaded.peakRssKb().isEmpty() || gil.peakRssKb().isEmpty()) {
      return OptionalDouble.empty();
    }
    long g = gil.peakRssKb().getAsLong();
    return g > 0
        ? OptionalDouble.of((double) freeThreaded.peakRssKb().getAsLong() / g)
        : OptionalDouble.empty();
  }
}
