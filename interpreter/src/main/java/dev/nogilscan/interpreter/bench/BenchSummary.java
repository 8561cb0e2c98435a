package dev.nogilscan.interpreter.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The console form of a {@link BenchResult}: a table per kind, the curves, the verdict lines. */
public final class BenchSummary {
  private BenchSummary() {}

  /** Renders the result as plain text with {@code \n} line endings. */
  public static String render(BenchResult r) {
    StringBuilder out = new StringBuilder();
    BenchPlan plan = r.plan();
    out.append(
        String.format(
            Locale.ROOT,
            "Benchmark (%s): CPython %s free-threaded vs CPython %s with the GIL%n",
            plan.name(),
            r.freeThreaded().version(),
            r.gil().version()));
    out.append(
        String.format(
            Locale.ROOT,
            "  %d rounds x %d repetitions (+%d warm-up) per cell and build, alternating builds,"
                + " scale %s, %d CPUs, pinning: %s, %.0fs%n",
            plan.rounds(),
            plan.repetitions(),
            plan.warmups(),
            plan.scale(),
            r.cpus(),
            r.pinning(),
            r.wall().toMillis() / 1000.0));
    if (r.loadBefore().isPresent()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  load average before %.1f, after %.1f%n",
              r.loadBefore().getAsDouble(),
              r.loadAfter().orElse(Double.NaN)));
    }
    plan.dependencies().ifPresent(d -> dependencies(out, d));
    out.append(
        String.format(
            Locale.ROOT,
            "%n%-22s %7s  %-18s %-18s %8s %10s  %s%n",
            "workload",
            "threads",
            "free-threaded",
            "GIL",
            "GIL/FT",
            "RSS FT/GIL",
            "CPU/wall FT|GIL"));
    for (CellResult c : r.cells()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-22s %7d  %-18s %-18s %8s %10s  %s | %s%s%n",
              c.workload().name(),
              c.threads(),
              time(c.freeThreaded()),
              time(c.gil()),
              ratio(c.speedup()) + (!c.noisy() ? " " : c.separated() ? "~" : "?"),
              ratio(c.memoryRatio()),
              number(c.freeThreaded().parallelism()),
              number(c.gil().parallelism()),
              c.freeThreaded().gilEnabledBy().isEmpty()
                  ? ""
                  : "  GIL re-enabled by " + String.join(", ", c.freeThreaded().gilEnabledBy())));
    }
    if (!r.scalingCurves().isEmpty()) {
      out.append(
          String.format(Locale.ROOT, "%nScaling: speedup over 1 thread, free-threaded | GIL%n"));
      for (ScalingCurve curve : r.scalingCurves()) {
        out.append(String.format(Locale.ROOT, "%-22s", curve.workload()));
        for (ScalingCurve.Point p : curve.points()) {
          if (p.threads() == 1) {
            continue;
          }
          out.append(
              String.format(
                  Locale.ROOT,
                  "  x%d: %s | %s%s",
                  p.threads(),
                  ratio(p.freeThreaded()),
                  ratio(p.gil()),
                  p.noisy() ? "?" : ""));
        }
        out.append('\n');
      }
    }
    out.append('\n');
    OptionalDouble geo = r.singleThreadGeometricMean();
    if (geo.isPresent()) {
      double g = geo.getAsDouble();
      out.append(
          String.format(
              Locale.ROOT,
              "Single-threaded geometric mean GIL/FT: %.2fx (the free-threaded build takes %.2fx"
                  + " the time)%n",
              g,
              1 / g));
    }
    r.singleThreadMemoryRatio()
        .ifPresent(
            m ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "Single-threaded peak RSS FT/GIL (geometric mean): %.2fx%n",
                        m)));
    List<String> culprits = r.gilReenabledBy();
    if (!culprits.isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "GIL RE-ENABLED by %s, imported before the work: %d of %d free-threaded cells ran"
                  + " serialised, so their figures are those of a GIL build, not of free"
                  + " threading.%n",
              String.join(", ", culprits),
              r.serialisedCells(),
              r.cells().size()));
    } else {
      out.append(
          r.gilStayedOff()
              ? "GIL stayed off at the end of every free-threaded run"
                  + (plan.dependencies().isPresent()
                      ? ", with the dependencies imported.\n"
                      : ".\n")
              : "GIL WAS RE-ENABLED in some free-threaded runs: those figures are of a serialised"
                  + " run.\n");
    }
    out.append(
        String.format(
            Locale.ROOT,
            "GIL/FT above 1: the free-threaded build is faster. '?' = noisy (IQR/median above %.0f%%"
                + " or under 3 samples): do not conclude; '~' = noisy, but the builds' middle halves"
                + " do not overlap: the direction holds, not the size. %d of %d cells noisy, %d of"
                + " them separated. CPU/wall: parallelism achieved (about N when N threads truly run"
                + " at once).%n",
            plan.noiseThreshold() * 100,
            r.noisyCells(),
            r.cells().size(),
            r.cells().stream().filter(c -> c.noisy() && c.separated()).count()));
    for (String w : r.warnings()) {
      out.append("warning: ").append(w).append('\n');
    }
    return out.toString();
  }

  private static void dependencies(StringBuilder out, BenchDependencies d) {
    out.append("  with dependencies imported before the work (--with-deps):\n");
    out.append("    free-threaded: ").append(labels(d.freeThreaded())).append('\n');
    out.append("    GIL:           ").append(labels(d.gil())).append('\n');
    for (String n : d.notInstalled()) {
      out.append("    not installed: ").append(n).append('\n');
    }
  }

  private static String labels(List<BenchDependencies.Distribution> list) {
    if (list.isEmpty()) {
      return "none";
    }
    return String.join(
        ", ",
        list.stream().map(x -> x.label() + " (" + String.join(", ", x.modules()) + ")").toList());
  }

  private static String time(Measurement m) {
    if (!m.hasSamples()) {
      return "failed";
    }
    Statistics s = m.statistics();
    double spread = s.relativeSpread();
    return String.format(
        Locale.ROOT,
        "%.4fs iqr %s",
        s.median(),
        Double.isFinite(spread) ? String.format(Locale.ROOT, "%.0f%%", spread * 100) : "?");
  }

  private static String number(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : "-";
  }

  private static String ratio(OptionalDouble v) {
    return v.isPresent() ? String.format(Locale.ROOT, "%.2fx", v.getAsDouble()) : "-";
  }
}
