package dev.nogilscan.reports;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The benchmark run shown beside the verdicts: the free-threaded build against its GIL twin.
 *
 * @param plan {@code quick} or {@code full}
 * @param freeThreaded the free-threaded interpreter, e.g. {@code CPython 3.13.5 free-threaded}
 * @param gil its GIL twin
 * @param singleThreadRatio geometric mean over single-threaded workloads of GIL time /
 *     free-threaded time (below 1: the free-threaded build is slower by 1/ratio)
 * @param gilStayedOff every free-threaded run ended with {@code sys._is_gil_enabled()} false
 * @param rows one per workload and thread count
 * @param curves speedup against threads, one per multi-threaded workload
 * @param warnings run-level remarks (busy machine, failed runs)
 */
public record BenchReport(
    String plan,
    String freeThreaded,
    String gil,
    OptionalDouble singleThreadRatio,
    boolean gilStayedOff,
    List<Row> rows,
    List<Curve> curves,
    List<String> warnings) {
  public BenchReport {
    rows = List.copyOf(rows);
    curves = List.copyOf(curves);
    warnings = List.copyOf(warnings);
  }

  /**
   * One measured cell.
   *
   * @param ratio GIL median / free-threaded median (above 1: free-threaded faster)
   * @param noisy the spread is too large to conclude from
   * @param freeThreadedSamples every timed repetition, seconds
   * @param gilSamples likewise for the GIL twin
   */
  public record Row(
      String workload,
      int threads,
      double freeThreadedMedian,
      double gilMedian,
      OptionalDouble ratio,
      boolean noisy,
      List<Double> freeThreadedSamples,
      List<Double> gilSamples) {
    public Row {
      freeThreadedSamples = List.copyOf(freeThreadedSamples);
      gilSamples = List.copyOf(gilSamples);
    }
  }

  /** Speedup over one thread at each thread count, for both builds. */
  public record Curve(String workload, List<Point> points) {
    public Curve {
      points = List.copyOf(points);
    }
  }

  /** One thread count of a curve. */
  public record Point(int threads, OptionalDouble freeThreaded, OptionalDouble gil) {}
}
