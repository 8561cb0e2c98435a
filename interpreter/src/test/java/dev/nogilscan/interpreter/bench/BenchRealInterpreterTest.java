package dev.nogilscan.interpreter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny configuration of the suite against the real provisioned interpreters: {@code
 * -Dnogilscan.python=PATH} (its GIL twin is looked for beside it or among the provisioned ones),
 * else the free-threaded CPython and twin that {@code nogil-scan python install} built. Skipped
 * when there are none. Asserts structure and sanity, never tight timings.
 */
class BenchRealInterpreterTest {
  private static final ProcessRunner RUNNER = new ProcessRunner();
  private static PythonInterpreter freeThreaded;
  private static PythonInterpreter gil;

  @TempDir Path tmp;

  @BeforeAll
  static void findInterpreters() {
    Optional<Path[]> pair = locate();
    // CI provisions both (scripts/ensure-python): a missing pair fails, never skips, the tests
    assertThat(pair)
        .as("a provisioned free-threaded CPython with its GIL twin (run scripts/ensure-python)")
        .isPresent();
    InterpreterInspector inspector = new InterpreterInspector(RUNNER);
    freeThreaded = inspector.inspect(pair.get()[0], "test");
    gil = inspector.inspect(pair.get()[1], "test");
    assertThat(freeThreaded.freeThreaded() && !gil.freeThreaded())
        .as("a free-threaded/GIL pair")
        .isTrue();
  }

  @Test
  void everyWorkloadRunsOnBothBuildsAndTheGilStaysOff() throws IOException {
    Path script = tmp.resolve("mine.py");
    Files.writeString(script, "import helper\nhelper.work()\n");
    Files.writeString(tmp.resolve("helper.py"), "def work():\n    return sum(range(20000))\n");
    BenchPlan plan = BenchPlan.quick(2).withShape(1, 0, 3, 0.05).withUserScript(script);
    BenchResult r =
        new BenchRunner(RUNNER, Clock.systemUTC()).run(freeThreaded, gil, plan, line -> {});

    List<Workload> listed = new BenchRunner(RUNNER, Clock.systemUTC()).workloads(freeThreaded);
    assertThat(listed.stream().filter(w -> w.kind() == Workload.Kind.SINGLE))
        .hasSizeGreaterThanOrEqualTo(8);
    assertThat(listed.stream().map(Workload::name))
        .contains(
            "nbody",
            "richards",
            "spectral_norm",
            "float_math",
            "json_roundtrip",
            "regex",
            "string_building",
            "generators",
            "cpu_threads",
            "shared_dict",
            "shared_list",
            "queue_workers",
            "lock_counter",
            "thread_pool",
            "asyncio_threads",
            "io_echo");
    List<String> expectedCells = new ArrayList<>();
    for (Workload w : listed) {
      if (w.kind() == Workload.Kind.MULTI) {
        expectedCells.add(w.name() + "@1");
        expectedCells.add(w.name() + "@2");
      } else {
        expectedCells.add(w.name() + "@1");
      }
    }
    expectedCells.add("user:mine.py@1");
    assertThat(r.cells().stream().map(c -> c.workload().name() + "@" + c.threads()))
        .containsExactlyElementsOf(expectedCells);

    // Only the busy-machine remark is allowed: no failed run, no GIL switched back on.
    assertThat(r.warnings()).allMatch(w -> w.startsWith("the machine was busy"));
    assertThat(r.gilStayedOff()).isTrue();
    for (CellResult c : r.cells()) {
      assertThat(c.freeThreaded().problems()).as(c.workload().name()).isEmpty();
      assertThat(c.gil().problems()).as(c.workload().name()).isEmpty();
      assertThat(c.freeThreaded().samples()).as(c.workload().name()).hasSize(3);
      assertThat(c.gil().samples()).as(c.workload().name()).hasSize(3);
      assertThat(c.freeThreaded().gilEnabledAtEnd()).as(c.workload().name()).isFalse();
      assertThat(c.gil().gilEnabledAtEnd()).as(c.workload().name()).isTrue();
      assertThat(c.speedup()).as(c.workload().name()).isPresent();
      assertThat(c.speedup().getAsDouble()).as(c.workload().name()).isPositive().isFinite();
      // Peak RSS of a bare interpreter is some MB, not the launching JVM's.
      assertThat(c.freeThreaded().peakRssKb().getAsLong()).isBetween(4_000L, 2_000_000L);
      assertThat(c.memoryRatio().getAsDouble()).isPositive();
      assertThat(c.freeThreaded().parallelism()).as(c.workload().name()).isPresent();
    }
    assertThat(r.singleThreadGeometricMean().getAsDouble()).isPositive();
    assertThat(r.scalingCurves())
        .hasSize((int) listed.stream().filter(w -> w.kind() == Workload.Kind.MULTI).count());
    assertThat(BenchJson.toJson(r)).contains("\"samples\"").contains("\"gilStayedOff\" : true");
    System.out.println(BenchSummary.render(r));
  }

  @Test
  void cpuBoundWorkAtTwoThreadsIsReportedForBothBuilds() {
    BenchPlan plan = BenchPlan.quick(2).withShape(2, 1, 3, 0.5).withOnly(Set.of("cpu_threads"));
    BenchResult r =
        new BenchRunner(RUNNER, Clock.systemUTC()).run(freeThreaded, gil, plan, line -> {});
    CellResult two = r.cell("cpu_threads", 2).orElseThrow();
    ScalingCurve curve = r.scalingCurves().get(0);
    double speedup = two.speedup().orElseThrow();
    double ftScaling = curve.points().get(1).freeThreaded().orElseThrow();
    double gilScaling = curve.points().get(1).gil().orElseThrow();
    double ftParallelism = two.freeThreaded().parallelism().orElseThrow();
    double gilParallelism = two.gil().parallelism().orElseThrow();
    // Reported, not asserted tightly: a shared or loaded machine cannot promise two free cores.
    System.out.printf(
        "cpu_threads x2 on %d CPUs: free-threaded is %.2fx the GIL build's speed%s;"
            + " scaling 1->2 threads: free-threaded %.2fx, GIL %.2fx;"
            + " CPU/wall parallelism free-threaded %.2f, GIL %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        speedup,
        two.noisy() ? " (noisy)" : "",
        ftScaling,
        gilScaling,
        ftParallelism,
        gilParallelism);
    assertThat(speedup).isPositive();
    assertThat(ftScaling).isPositive();
    assertThat(gilScaling).isPositive();
    assertThat(ftParallelism).isPositive();
    // One thread at a time under the GIL (plus a little for the interpreter's own bookkeeping).
    assertThat(gilParallelism).isLessThan(1.3);
    assertThat(r.gilStayedOff()).isTrue();
  }

  private static Optional<Path[]> locate() {
    String explicit = System.getProperty("nogilscan.python", "");
    Path cache = cacheRoot().resolve("python");
    if (!explicit.isBlank()) {
      Path ft = Path.of(explicit);
      String name = ft.getFileName().toString();
      if (!name.endsWith("t")) {
        return Optional.empty();
      }
      Path sibling = ft.resolveSibling(name.substring(0, name.length() - 1));
      if (Files.isExecutable(sibling)) {
        return Optional.of(new Path[] {ft, sibling});
      }
      return gilTwinIn(cache, name.substring(0, name.length() - 1)).map(g -> new Path[] {ft, g});
    }
    if (!Files.isDirectory(cache)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(cache)) {
      for (Path dir : dirs.sorted().toList()) {
        String d = dir.getFileName().toString();
        if (!d.startsWith("cpython-") || !d.endsWith("t")) {
          continue;
        }
        Path twinDir = dir.resolveSibling(d.substring(0, d.length() - 1));
        try (Stream<Path> bins = Files.list(dir.resolve("bin"))) {
          for (Path exe : bins.sorted().toList()) {
            String n = exe.getFileName().toString();
            if (n.matches("python3\\.\\d+t")) {
              Path g = twinDir.resolve("bin").resolve(n.substring(0, n.length() - 1));
              if (Files.isExecutable(exe) && Files.isExecutable(g)) {
                return Optional.of(new Path[] {exe, g});
              }
            }
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Path> gilTwinIn(Path cache, String exeName) {
    if (!Files.isDirectory(cache)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(cache)) {
      return dirs.filter(d -> !d.getFileName().toString().endsWith("t"))
          .map(d -> d.resolve("bin").resolve(exeName))
          .filter(Files::isExecutable)
          .sorted()
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg).resolve("nogil-scan");
    }
    return Path.of(System.getProperty("user.home")).resolve(".cache").resolve("nogil-scan");
  }
}
