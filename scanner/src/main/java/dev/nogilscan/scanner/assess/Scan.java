package dev.nogilscan.scanner.assess;

import dev.nogilscan.interpreter.probe.ProbeOptions;
import dev.nogilscan.interpreter.probe.ProbeResult;
import dev.nogilscan.interpreter.probe.ProbeScheduler;
import dev.nogilscan.reports.PackageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Assesses planned packages, up to the pool's size at a time. Results come back in plan order; a
 * run-level failure of any package (index unreachable) is rethrown as is.
 */
public final class Scan {
  private final PackageAssessor assessor;
  private final ExecutorService pool;
  private final Optional<ProbeScheduler> probes;
  private final ProbeOptions options;

  /**
   * @param probes runs the import probes of all packages together; unused when no probe runs
   */
  public Scan(
      PackageAssessor assessor,
      ExecutorService pool,
      Optional<ProbeScheduler> probes,
      ProbeOptions options) {
    this.assessor = assessor;
    this.pool = pool;
    this.probes = probes;
    this.options = options;
  }

  /**
   * @param progress receives each report as it completes
   */
  public List<PackageReport> run(List<Subject> subjects, Consumer<PackageReport> progress) {
    return run(subjects, progress, PhaseListener.NONE);
  }

  /**
   * @param phases told when the preparation and the probes start and end
   */
  public List<PackageReport> run(
      List<Subject> subjects, Consumer<PackageReport> progress, PhaseListener phases) {
    // 1. everything up to the import probe, in parallel
    phases.started(PhaseListener.PREPARE);
    List<PackageAssessor.Step> steps = new ArrayList<>();
    try {
      List<Future<PackageAssessor.Step>> futures = new ArrayList<>();
      for (Subject subject : subjects) {
        futures.add(pool.submit(() -> assessor.prepare(subject)));
      }
      for (Future<PackageAssessor.Step> f : futures) {
        steps.add(get(f));
      }
    } finally {
      phases.ended(PhaseListener.PREPARE);
    }
    // 2. every probe at once: batched into few interpreters, split where blame must be exact
    List<PackageAssessor.Pending> pending =
        steps.stream().flatMap(s -> s.pending().stream()).toList();
    List<ProbeResult> results = List.of();
    if (!pending.isEmpty()) {
      phases.started(PhaseListener.PROBE);
      try {
        results =
            probes
                .orElseThrow()
                .probeAll(
                    pending.get(0).python(),
                    pending.stream().map(PackageAssessor.Pending::target).toList(),
                    options);
      } finally {
        phases.ended(PhaseListener.PROBE);
      }
    }
    // 3. verdicts, in plan order
    List<PackageReport> reports = new ArrayList<>();
    int next = 0;
    for (PackageAssessor.Step s : steps) {
      PackageReport r =
          s.report().isPresent()
              ? s.report().get()
              : assessor.finish(s.pending().get(), results.get(next++));
      progress.accept(r);
      reports.add(r);
    }
    return reports;
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
