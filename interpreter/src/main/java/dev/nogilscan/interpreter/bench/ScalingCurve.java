package dev.nogilscan.interpreter.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Speedup against thread count for one multi-threaded workload: the same total work divided among
 * 1, 2, 4 … N threads.
 *
 * @param workload the workload's name
 * @param points one per thread count, ascending
 */
public record ScalingCurve(String workload, List<Point> points) {

  public ScalingCurve {
    points = List.copyOf(points);
  }

  /**
   * @param threads thread count
   * @param freeThreaded free-threaded median at 1 thread / at {@code threads}
   * @param gil GIL median at 1 thread / at {@code threads}
   * @param freeThreadedOverGil the cell's {@link CellResult#speedup()}: GIL / free-threaded at
   *     {@code threads}
   * @param noisy the cell at {@code threads} (or at 1 thread) was flagged noisy
   */
  public record Point(
      int threads,
      OptionalDouble freeThreaded,
      OptionalDouble gil,
      OptionalDouble freeThreadedOverGil,
      boolean noisy) {}
}
