package dev.nogilscan.interpreter.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nogilscan.interpreter.PythonEnvironment;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import dev.nogilscan.interpreter.process.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probing 200 generated pure distributions batched versus one process each, and the cost of one
 * interpreter start-up. Only with {@code -Dnogilscan.bench=true}; prints figures and asserts
 * nothing about time (shared CI machines are too noisy for that).
 *
 * <pre>
 * ./mvnw -q -pl interpreter test -Dtest=ProbeBenchmarkTest -Dnogilscan.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true
 * </pre>
 */
class ProbeBenchmarkTest {
  private static final int DISTRIBUTIONS = 200;
  private static final int REPEATS = 3;

  @TempDir Path tmp;

  @Test
  void batchedVersusOneProcessEach() throws Exception {
    assumeTrue(Boolean.getBoolean("nogilscan.bench"), "benchmark: pass -Dnogilscan.bench=true");
    RealPython.openUp(tmp);
    PythonInterpreter python = RealPython.runnableByNobody(RealPython.find(), tmp);
    int jobs = Integer.getInteger("nogilscan.bench.jobs", 2);
    List<ProbeTarget> targets = generate(tmp.resolve("sites"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    ProcessRunner runner = RealPython.RUNNER;
    ImportProbe probe =
        new ImportProbe(runner, work, Duration.ofSeconds(60), Sandbox.forImportProbe());
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "interpreter %s, %d cores, load average %s, jobs=%d, %d distributions,"
                + " median (min..max)%n",
            python.describe(),
            Runtime.getRuntime().availableProcessors(),
            loadAverage(),
            jobs,
            DISTRIBUTIONS));
    out.append(
        String.format(
            Locale.ROOT, "isolation: %s%n", probe.probe(python, targets.get(0)).isolation()));

    Path pass = tmp;
    out.append(
        line(
            "start-up: python -I -c pass (no sandbox), per start",
            20,
            () -> time(() -> run(runner, python, pass, Sandbox.none(), "-I", "-c", "pass"))));
    out.append(
        line(
            "start-up: python -I -c pass (probe sandbox), per start",
            20,
            () ->
                time(
                    () ->
                        run(runner, python, pass, Sandbox.forImportProbe(), "-I", "-c", "pass"))));
    out.append(
        line(
            "start-up: python -I -v -X faulthandler -c pass (probe sandbox), per start",
            20,
            () ->
                time(
                    () ->
                        run(
                            runner,
                            python,
                            pass,
                            Sandbox.forImportProbe(),
                            "-I",
                            "-v",
                            "-X",
                            "faulthandler",
                            "-c",
                            "pass"))));
    // Interleaved (every batch size once per round) so load changes hit them all alike.
    List<Integer> sizes = List.of(1, 10, 25, 100);
    Map<Integer, List<Long>> times = new java.util.TreeMap<>();
    for (int round = 0; round < REPEATS; round++) {
      for (int batch : sizes) {
        ProbeScheduler scheduler = new ProbeScheduler(probe, jobs, batch);
        long t =
            time(
                () -> {
                  List<ProbeResult> r = scheduler.probeAll(python, targets, ProbeOptions.DEFAULT);
                  assertThat(r)
                      .allSatisfy(x -> assertThat(x.outcome()).isEqualTo(ProbeOutcome.CLEAN));
                });
        times.computeIfAbsent(batch, b -> new ArrayList<>()).add(t);
      }
    }
    times.forEach(
        (batch, runs) ->
            out.append(
                summary(
                    "probe "
                        + DISTRIBUTIONS
                        + " pure distributions, batch size "
                        + batch
                        + ", total",
                    runs)));
    out.append(String.format(Locale.ROOT, "load average at the end %s%n", loadAverage()));
    System.out.print(out);
    Path report = Path.of("target", "probe-benchmark.txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, out.toString());
  }

  private static List<ProbeTarget> generate(Path root) throws IOException {
    List<ProbeTarget> targets = new ArrayList<>();
    for (int i = 0; i < DISTRIBUTIONS; i++) {
      String name = "bench_pkg_" + i;
      Path site = root.resolve(name);
      RealPython.site(
          site,
          Map.of(
              name + "/__init__.py",
              "import dataclasses, functools\nfrom ." + "core import run\n__all__ = ['run']\n",
              name + "/core.py",
              "import json\n\n@__import__('functools').lru_cache\ndef run(x):\n"
                  + "    return json.dumps({'x': x})\n"));
      targets.add(new ProbeTarget(name, List.of(site), List.of(name)));
    }
    return targets;
  }

  private static void run(
      ProcessRunner runner, PythonInterpreter python, Path dir, Sandbox sandbox, String... args) {
    List<String> command = new ArrayList<>();
    command.add(python.executable().toString());
    command.addAll(List.of(args));
    var r =
        runner.run(
            ProcessSpec.of(
                    command, PythonEnvironment.scrubbed(dir, dir), dir, Duration.ofSeconds(30))
                .withSandbox(sandbox));
    assertThat(r.succeeded()).as(r.stderr()).isTrue();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return System.nanoTime() - start;
  }

  /** Warm-up once, then {@code n} timed runs; median, min, max in ms. */
  private static String line(String what, int n, LongSupplier nanos) {
    nanos.getAsLong();
    List<Long> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      runs.add(nanos.getAsLong());
    }
    return summary(what, runs);
  }

  private static String summary(String what, List<Long> measured) {
    List<Long> runs = new ArrayList<>(measured);
    runs.sort(null);
    int n = runs.size();
    return String.format(
        Locale.ROOT,
        "%-75s %8.1f ms (%.1f..%.1f)%n",
        what,
        runs.get(n / 2) / 1e6,
        runs.get(0) / 1e6,
        runs.get(n - 1) / 1e6);
  }
}
