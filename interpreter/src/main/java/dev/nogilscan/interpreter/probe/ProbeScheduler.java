package dev.nogilscan.interpreter.probe;

import dev.nogilscan.interpreter.PythonInterpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Probes many distributions quickly with exact blame: batches of {@code batchSize} distributions
 * share one interpreter process, up to {@code jobs} processes run at once, and every distribution
 * from the first one in a batch whose result is not trustworthy onwards is probed again in a
 * process of its own.
 *
 * <p>A batch result is not trustworthy from the first distribution that crashed, timed out, exited,
 * could not be probed, re-enabled the GIL, found the GIL already enabled, or crashed in its threads
 * smoke test: the interpreter died (so later ones never ran), or its state is no longer that of a
 * fresh interpreter (re-enabling the GIL is process wide and permanent, so the modules of later
 * distributions would not be reported). Distributions before that point keep their batch result:
 * they ran in a fresh-enough interpreter (the probe forgets every module a distribution imported
 * before the next one) with the GIL still disabled. Every result with a problem therefore comes
 * from a process that probed that distribution alone ({@link ProbeResult#processShare()} is 1).
 *
 * <p>Thread safe; each call uses its own thread pool, shut down before it returns.
 */
public final class ProbeScheduler {
  private final ImportProbe probe;
  private final int jobs;
  private final int batchSize;

  /**
   * @param jobs interpreter processes at most at once ({@code --jobs}), at least 1
   * @param batchSize distributions per process on the first pass, at least 1 (1 disables batching)
   */
  public ProbeScheduler(ImportProbe probe, int jobs, int batchSize) {
    if (jobs < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "jobs and batchSize must be at least 1: " + jobs + ", " + batchSize);
    }
    this.probe = probe;
    this.jobs = jobs;
    this.batchSize = batchSize;
  }

  /** {@link #probeAll(PythonInterpreter, List, ProbeOptions, Consumer)} without progress. */
  public List<ProbeResult> probeAll(
      PythonInterpreter python, List<ProbeTarget> targets, ProbeOptions options) {
    return probeAll(python, targets, options, r -> {});
  }

  /**
   * Probes every target.
   *
   * @param done called once per target with its final result, from worker threads, in completion
   *     order (for progress display)
   * @return one result per target, in input order
   * @throws java.io.UncheckedIOException when a probe directory cannot be prepared
   */
  public List<ProbeResult> probeAll(
      PythonInterpreter python,
      List<ProbeTarget> targets,
      ProbeOptions options,
      Consumer<ProbeResult> done) {
    ProbeResult[] results = new ProbeResult[targets.size()];
    ExecutorService pool = Executors.newFixedThreadPool(jobs, ProbeScheduler::daemon);
    try {
      List<CompletableFuture<Void>> work = new ArrayList<>();
      for (int from = 0; from < targets.size(); from += batchSize) {
        int start = from;
        int end = Math.min(targets.size(), from + batchSize);
        work.add(
            CompletableFuture.supplyAsync(
                    () -> probe.probeAll(python, targets.subList(start, end), options), pool)
                .thenCompose(
                    batch -> {
                      int firstBad = end - start == 1 ? batch.size() : firstUntrusted(batch);
                      for (int i = 0; i < firstBad; i++) {
                        results[start + i] = batch.get(i);
                        done.accept(batch.get(i));
                      }
                      List<CompletableFuture<Void>> alone = new ArrayList<>();
                      for (int i = firstBad; i < batch.size(); i++) {
                        int index = start + i;
                        alone.add(
                            CompletableFuture.runAsync(
                                () -> {
                                  ProbeResult r = probe.probe(python, targets.get(index), options);
                                  results[index] = r;
                                  done.accept(r);
                                },
                                pool));
                      }
                      return CompletableFuture.allOf(alone.toArray(CompletableFuture[]::new));
                    }));
      }
      try {
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    } finally {
      pool.shutdownNow();
    }
    return List.of(results);
  }

  /** The index of the first result of a shared process that must be re-run alone. */
  static int firstUntrusted(List<ProbeResult> batch) {
    for (int i = 0; i < batch.size(); i++) {
      if (!trustworthy(batch.get(i))) {
        return i;
      }
    }
    return batch.size();
  }

  private static boolean trustworthy(ProbeResult r) {
    boolean smokeDied =
        r.threadsSmoke()
            .map(
                s ->
                    s.outcome() == ThreadsSmoke.Outcome.CRASH
                        || s.outcome() == ThreadsSmoke.Outcome.TIMEOUT)
            .orElse(false);
    return (r.outcome() == ProbeOutcome.CLEAN || r.outcome() == ProbeOutcome.IMPORT_ERROR)
        && !r.gilEnabledBefore()
        && !r.gilEnabledAfter()
        && !smokeDied;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "import-probe");
    t.setDaemon(true);
    return t;
  }
}
