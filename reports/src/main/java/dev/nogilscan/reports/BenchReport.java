package dev.nogilscan.reports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * @param dependencies with {@code --with-deps}: what was imported before the work, and who switched
 *     the GIL back on
 */
public record BenchReport(
    String plan,
    String freeThreaded,
    String gil,
    OptionalDouble singleThreadRatio,
    boolean gilStayedOff,
    List<Row> rows,
    List<Curve> curves,
    List<String> warnings,
    Optional<Dependencies> dependencies) {
  public BenchReport {
    rows = List.copyOf(rows);
    curves = List.copyOf(curves);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(dependencies, "dependencies");
  }

  /**
   * The verdict on the GIL in one sentence, for every format: whether it stayed off, and when a
   * dependency switched it back on, who did and that the run was serialised.
   */
  public String gilVerdict() {
    List<String> by = dependencies.map(Dependencies::gilReenabledBy).orElse(List.of());
    if (!by.isEmpty()) {
      long serialised = rows.stream().filter(r -> !r.gilReenabledBy().isEmpty()).count();
      return "The GIL was re-enabled by "
          + String.join(", ", by)
          + " when the dependencies were imported: "
          + serialised
          + " of "
          + rows.size()
          + " free-threaded results ran serialised, so they show a GIL build, not free threading.";
    }
    if (!gilStayedOff) {
      return "The GIL was switched back on during a free-threaded run: those figures are a GIL"
          + " build's.";
    }
    return dependencies.isPresent()
        ? "The GIL stayed off in every free-threaded run, with the dependencies imported."
        : "The GIL stayed off in every free-threaded run.";
  }

  /**
   * The user's dependencies loaded before every run ({@code --with-deps}).
   *
   * @param freeThreaded {@code name version} of each distribution installed for the free-threaded
   *     build
   * @param gil likewise for the GIL twin (a native wheel is built for one ABI)
   * @param notInstalled distributions that could not be installed for a build, with the reason
   * @param gilReenabledBy {@code module (name version)} that switched the GIL back on; empty when
   *     it stayed off
   */
  public record Dependencies(
      List<String> freeThreaded,
      List<String> gil,
      List<String> notInstalled,
      List<String> gilReenabledBy) {
    public Dependencies {
      freeThreaded = List.copyOf(freeThreaded);
      gil = List.copyOf(gil);
      notInstalled = List.copyOf(notInstalled);
      gilReenabledBy = List.copyOf(gilReenabledBy);
    }
  }

  /**
   * One measured cell.
   *
   * @param ratio GIL median / free-threaded median (above 1: free-threaded faster)
   * @param noisy the spread is too large to conclude from
   * @param freeThreadedSamples every timed repetition, seconds
   * @param gilSamples likewise for the GIL twin
   * @param gilReenabledBy modules whose import switched the GIL back on in this result's
   *     free-threaded runs (its figures are then a serialised run's); empty when none did
   * @param freeThreadedSpread IQR / median of the free-threaded samples
   * @param gilSpread likewise for the GIL twin
   */
  public record Row(
      String workload,
      int threads,
      double freeThreadedMedian,
      double gilMedian,
      OptionalDouble freeThreadedSpread,
      OptionalDouble gilSpread,
      OptionalDouble ratio,
      boolean noisy,
      List<Double> freeThreadedSamples,
      List<Double> gilSamples,
      List<String> gilReenabledBy) {
    public Row {
      freeThreadedSamples = List.copyOf(freeThreadedSamples);
      gilSamples = List.copyOf(gilSamples);
      gilReenabledBy = List.copyOf(gilReenabledBy);
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
