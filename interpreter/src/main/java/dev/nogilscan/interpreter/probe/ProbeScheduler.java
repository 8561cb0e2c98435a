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
 * share one interpreter process, up to {@code jobs} processes run at once, and those whose batch
 * result cannot be trusted are probed again in a process of their own.
 *
 * <p>Re-enabling the GIL is process wide and permanent, and a dead interpreter probes nothing more,
 * so from the first distribution in a batch that crashed, timed out, could not be probed,
 * re-enabled the GIL (or found it enabled), or whose threads smoke test killed the interpreter,
 * every distribution is probed again alone. Any other result that is not clean (an import error,
 * {@code sys.exit}) is probed again alone too, in case an earlier distribution's side effects
 * caused it. Clean results stand: the probe forgets every non-standard module a distribution
 * imported before the next one, and the GIL was still disabled. Every result with a problem
 * therefore comes from a process that probed that distribution alone ({@link
 * ProbeResult#processShare()} is 1).
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
                      List<Integer> again = end - start == 1 ? List.of() : toProbeAgain(batch);
                      List<CompletableFuture<Void>> alone = new ArrayList<>();
                      for (int i = 0; i < batch.size(); i++) {
                        int index = start + i;
                        if (!again.contains(i)) {
                          results[index] = batch.get(i);
                          done.accept(batch.get(i));
                          continue;
                        }
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

  /**
   * The positions in a shared process's results to probe again alone: every one from the first that
   * left the interpreter unusable (dead, or the GIL enabled) on, plus any other that is not clean
   * (a failure that might come from what an earlier distribution did to shared state).
   */
  static List<Integer> toProbeAgain(List<ProbeResult> batch) {
    List<Integer> again = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ProbeResult r = batch.get(i);
      if (poisoned(r)) {
        for (int j = i; j < batch.size(); j++) {
          again.add(j);
        }
        break;
      }
      if (r.outcome() != ProbeOutcome.CLEAN) {
        again.add(i);
      }
    }
    return again;
  }

  private static boolean poisoned(ProbeResult r) {
    boolean smokeDied =
        r.threadsSmoke()
            .map(
                s ->
                    s.outcome() == ThreadsSmoke.Outcome.CRASH
                        || s.outcome() == ThreadsSmoke.Outcome.TIMEOUT)
            .orElse(false);
    return switch (r.outcome()) {
      case CLEAN, IMPORT_ERROR, EXIT_AT_IMPORT ->
          r.gilEnabledBefore() || r.gilEnabledAfter() || smokeDied;
      case GIL_REENABLED, CRASH, TIMEOUT, PROBE_FAILED -> true;
    };
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "import-probe");
    t.setDaemon(true);
    return t;
  }
}
