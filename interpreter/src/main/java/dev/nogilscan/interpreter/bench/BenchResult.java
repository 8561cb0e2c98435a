package dev.nogilscan.interpreter.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A whole benchmark run: what was compared, how, and every cell with its raw samples. Cells are
 * ordered as the suite lists its workloads, then by thread count; the user's workload comes last.
 *
 * @param started when the run began (from the injected clock)
 * @param wall wall-clock duration of the run
 * @param freeThreaded the free-threaded interpreter
 * @param gil its GIL twin
 * @param plan what was asked for
 * @param cpus CPUs available to the run
 * @param pinning how runs were pinned to CPUs, e.g. {@code taskset}, or {@code none}
 * @param loadBefore the 1-minute load average before the run, where the system tells it
 * @param loadAfter the same after the run (includes the run's own load)
 * @param workloads the workloads, in suite order
 * @param cells the measurements
 * @param warnings run-level remarks (version mismatch, GIL switched back on, failed runs)
 */
public record BenchResult(
    Instant started,
    Duration wall,
    Side freeThreaded,
    Side gil,
    BenchPlan plan,
    int cpus,
    String pinning,
    OptionalDouble loadBefore,
    OptionalDouble loadAfter,
    List<Workload> workloads,
    List<CellResult> cells,
    List<String> warnings) {

  /** Version of the JSON written by {@link BenchJson}; bumped on incompatible changes. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * One of the two interpreters compared.
   *
   * @param executable its path
   * @param version e.g. {@code 3.13.5}
   * @param freeThreadedBuild {@code Py_GIL_DISABLED} of its build
   */
  public record Side(Path executable, String version, boolean freeThreadedBuild) {}

  public BenchResult {
    workloads = List.copyOf(workloads);
    cells = List.copyOf(cells);
    warnings = List.copyOf(warnings);
  }

  /**
   * Geometric mean over the single-threaded workloads of GIL / free-threaded time: the single-
   * thread cost of the move (0.8 means the free-threaded build takes 1/0.8 = 1.25x as long).
   */
  public OptionalDouble singleThreadGeometricMean() {
    return Statistics.geometricMean(
        cells.stream()
            .filter(c -> c.workload().kind() == Workload.Kind.SINGLE)
            .map(CellResult::speedup)
            .filter(OptionalDouble::isPresent)
            .map(OptionalDouble::getAsDouble)
            .toList());
  }

  /** Geometric mean of free-threaded / GIL peak RSS over the single-threaded workloads. */
  public OptionalDouble singleThreadMemoryRatio() {
    return Statistics.geometricMean(
        cells.stream()
            .filter(c -> c.workload().kind() == Workload.Kind.SINGLE)
            .map(CellResult::memoryRatio)
            .filter(OptionalDouble::isPresent)
            .map(OptionalDouble::getAsDouble)
            .toList());
  }

  /** True when every free-threaded run reported the GIL still disabled after its work. */
  public boolean gilStayedOff() {
    return cells.stream().noneMatch(c -> c.freeThreaded().gilEnabledAtEnd());
  }

  /** The cell of {@code workload} at {@code threads}, when measured. */
  public Optional<CellResult> cell(String workload, int threads) {
    return cells.stream()
        .filter(c -> c.workload().name().equals(workload) && c.threads() == threads)
        .findFirst();
  }

  /** One speedup-vs-threads curve per multi-threaded workload, in suite order. */
  public List<ScalingCurve> scalingCurves() {
    List<ScalingCurve> curves = new ArrayList<>();
    for (Workload w : workloads) {
      if (w.kind() != Workload.Kind.MULTI) {
        continue;
      }
      Optional<CellResult> base = cell(w.name(), 1);
      List<ScalingCurve.Point> points = new ArrayList<>();
      for (CellResult c : cells) {
        if (!c.workload().name().equals(w.name())) {
          continue;
        }
        points.add(
            new ScalingCurve.Point(
                c.threads(),
                base.map(b -> ratio(b.freeThreaded(), c.freeThreaded()))
                    .orElse(OptionalDouble.empty()),
                base.map(b -> ratio(b.gil(), c.gil())).orElse(OptionalDouble.empty()),
                c.speedup(),
                c.noisy() || base.map(CellResult::noisy).orElse(true)));
      }
      curves.add(new ScalingCurve(w.name(), points));
    }
    return curves;
  }

  private static OptionalDouble ratio(Measurement numerator, Measurement denominator) {
    if (!numerator.hasSamples() || !denominator.hasSamples()) {
      return OptionalDouble.empty();
    }
    double d = denominator.statistics().median();
    return d > 0 ? OptionalDouble.of(numerator.statistics().median() / d) : OptionalDouble.empty();
  }

  /**
   * With {@code --with-deps}: who switched the GIL back on in free-threaded runs on import, as
   * {@code module (distribution version)}, in order of first appearance; empty when nobody did.
   */
  public List<String> gilReenabledBy() {
    List<String> modules = new ArrayList<>();
    for (CellResult c : cells) {
      for (String m : c.freeThreaded().gilEnabledBy()) {
        if (!modules.contains(m)) {
          modules.add(m);
        }
      }
    }
    if (modules.isEmpty()) {
      return List.of();
    }
    List<BenchDependencies.Distribution> ft =
        plan.dependencies().map(BenchDependencies::freeThreaded).orElse(List.of());
    return modules.stream().map(m -> describe(m, ft)).toList();
  }

  /** The free-threaded cells serialised by a dependency imported before the work. */
  public long serialisedCells() {
    return cells.stream()
        .filter(c -> c.freeThreaded().preload().map(p -> p.gilEnabledRuns() > 0).orElse(false))
        .count();
  }

  static String describeCulprits(List<String> modules, List<BenchDependencies.Distribution> ft) {
    if (modules.isEmpty()) {
      return "an imported dependency";
    }
    return String.join(", ", modules.stream().map(m -> describe(m, ft)).toList());
  }

  private static String describe(String module, List<BenchDependencies.Distribution> ft) {
    return BenchDependencies.owner(ft, module)
        .map(d -> module + " (" + d.label() + ")")
        .orElse(module);
  }

  /** Cells flagged noisy. */
  public long noisyCells() {
    return cells.stream().filter(CellResult::noisy).count();
  }
}
