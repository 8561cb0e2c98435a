package dev.nogilscan.scanner.assess;

import dev.nogilscan.reports.PackageReport;
import java.util.ArrayList;
import java.util.List;
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

  public Scan(PackageAssessor assessor, ExecutorService pool) {
    this.assessor = assessor;
    this.pool = pool;
  }

  /**
   * @param progress receives each report as it completes
   */
  public List<PackageReport> run(List<Subject> subjects, Consumer<PackageReport> progress) {
    List<Future<PackageReport>> futures = new ArrayList<>();
    for (Subject subject : subjects) {
      futures.add(
          pool.submit(
              () -> {
                PackageReport report = assessor.assess(subject);
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
  }
}
