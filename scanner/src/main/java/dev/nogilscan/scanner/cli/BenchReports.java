package dev.nogilscan.scanner.cli;

import dev.nogilscan.interpreter.bench.BenchDependencies;
import dev.nogilscan.interpreter.bench.BenchResult;
import dev.nogilscan.interpreter.bench.CellResult;
import dev.nogilscan.interpreter.bench.Measurement;
import dev.nogilscan.interpreter.bench.ScalingCurve;
import dev.nogilscan.reports.BenchReport;
import java.util.List;
import java.util.OptionalDouble;

/** Turns the interpreter module's benchmark result into the report model's section. */
final class BenchReports {
  private BenchReports() {}

  static BenchReport of(BenchResult r) {
    List<BenchReport.Row> rows =
        r.cells().stream()
            .map(
                (CellResult c) ->
                    new BenchReport.Row(
                        c.workload().name(),
                        c.threads(),
                        c.freeThreaded().statistics().median(),
                        c.gil().statistics().median(),
                        spread(c.freeThreaded()),
                        spread(c.gil()),
                        c.speedup(),
                        c.noisy(),
                        c.freeThreaded().samples(),
                        c.gil().samples(),
                        c.freeThreaded().gilEnabledBy()))
            .toList();
    List<BenchReport.Curve> curves =
        r.scalingCurves().stream()
            .map(
                (ScalingCurve s) ->
                    new BenchReport.Curve(
                        s.workload(),
                        s.points().stream()
                            .map(p -> new BenchReport.Point(p.threads(), p.freeThreaded(), p.gil()))
                            .toList()))
            .toList();
    return new BenchReport(
        r.plan().name(),
        "CPython " + r.freeThreaded().version() + " free-threaded",
        "CPython " + r.gil().version() + " (GIL twin)",
        r.singleThreadGeometricMean(),
        r.gilStayedOff(),
        rows,
        curves,
        r.warnings(),
        r.plan()
            .dependencies()
            .map(
                d ->
                    new BenchReport.Dependencies(
                        labels(d.freeThreaded()),
                        labels(d.gil()),
                        d.notInstalled(),
                        r.gilReenabledBy())));
  }

  private static OptionalDouble spread(Measurement m) {
    double s = m.statistics().relativeSpread();
    return Double.isFinite(s) ? OptionalDouble.of(s) : OptionalDouble.empty();
  }

  private static List<String> labels(List<BenchDependencies.Distribution> list) {
    return list.stream().map(BenchDependencies.Distribution::label).toList();
  }
}
