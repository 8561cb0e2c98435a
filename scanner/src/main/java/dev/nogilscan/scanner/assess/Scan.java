package dev.nogilscan.scanner.assess;

import dev.nogilscan.reports.PackageReport;
import dev.nogilscan.scanner.input.InputRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Assesses every input requirement, up to {@code jobs} at a time. Results come back in input order;
 * a run-level failure of any package (index unreachable) is rethrown as is.
 */
public final class Scan {
  private final PackageAssessor assessor;
  private final int jobs;

  public Scan(PackageAssessor assessor, int jobs) {
    this.assessor = assessor;
    this.jobs = Math.max(1, jobs);
  }

  /**
   * @param progress receives each report as it completes
   */
  public List<PackageReport> run(List<InputRequirement> inputs, Consumer<PackageReport> progress) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(jobs, Math.max(1, inputs.size())),
            r -> {
              Thread t = new Thread(r, "assess");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<PackageReport>> futures = new ArrayList<>();
      for (InputRequirement input : inputs) {
        futures.add(
            pool.submit(
                () -> {
                  PackageReport report = assessor.assess(input);
                  progress.accept(report);
                  return report;
                }));
      }
      List<PackageReport> reports = new ArrayList<>();
      for (Future<PackageReport> f : futures) {
        try {
          reports.add(f.get());
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
      return reports;
    } finally {
      pool.shutdownNow();
    }
  }
}
