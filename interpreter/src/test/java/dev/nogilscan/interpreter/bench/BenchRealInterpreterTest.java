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

  @Test
  void aDependencyThatReEnablesTheGilIsImportedFirstAndFlagged() throws IOException {
    // Each build gets its own install, as wheels for cp313t and cp313 differ: the same sources
    // compiled against each interpreter's headers with its own extension suffix.
    Path ftSite = tmp.resolve("ft-site");
    Path gilSite = tmp.resolve("gil-site");
    Path pure = tmp.resolve("pure-site");
    compileLegacy(freeThreaded, ftSite);
    compileLegacy(gil, gilSite);
    Files.createDirectories(pure.resolve("purebench"));
    Files.writeString(pure.resolve("purebench/__init__.py"), "import json\nVALUE = 1\n");
    // A .pth file is honoured, as in an installed environment.
    Files.createDirectories(pure.resolve("src"));
    Files.writeString(pure.resolve("src/pthmod.py"), "X = 1\n");
    Files.writeString(pure.resolve("extra.pth"), "src\n");
    BenchDependencies.Distribution pureDist =
        new BenchDependencies.Distribution(
            "purebench",
            "1.0",
            "purebench-1.0-py3-none-any.whl",
            pure,
            List.of("purebench", "pthmod"));
    BenchDependencies deps =
        new BenchDependencies(
            List.of(
                pureDist,
                new BenchDependencies.Distribution(
                    "legx", "1.0", "legx-1.0-cp313-cp313t.whl", ftSite, List.of("legx", "nosuch"))),
            List.of(
                pureDist,
                new BenchDependencies.Distribution(
                    "legx", "1.0", "legx-1.0-cp313-cp313.whl", gilSite, List.of("legx"))),
            List.of("csource 1.0 (both builds): sdist only"));
    BenchPlan plan =
        BenchPlan.quick(2)
            .withShape(2, 0, 3, 0.05)
            .withOnly(Set.of("nbody", "cpu_threads"))
            .withDependencies(deps);
    BenchResult r =
        new BenchRunner(RUNNER, Clock.systemUTC()).run(freeThreaded, gil, plan, line -> {});

    assertThat(r.cells()).hasSize(3);
    for (CellResult c : r.cells()) {
      String label = c.workload().name() + " x" + c.threads();
      assertThat(c.freeThreaded().problems()).as(label).isEmpty();
      assertThat(c.freeThreaded().samples()).as(label).hasSize(6);
      Preload ft = c.freeThreaded().preload().orElseThrow();
      assertThat(ft.imported()).as(label).containsExactly("purebench", "pthmod", "legx");
      assertThat(ft.failed())
          .as(label)
          .singleElement()
          .asString()
          .startsWith("nosuch: ModuleNotFoundError");
      assertThat(ft.gilEnabledBy()).as(label).containsExactly("legx._core");
      assertThat(ft.runs()).isEqualTo(2);
      assertThat(ft.gilEnabledRuns()).isEqualTo(2);
      assertThat(c.freeThreaded().gilEnabledAtEnd()).as(label).isTrue();
      Preload g = c.gil().preload().orElseThrow();
      assertThat(g.imported()).as(label).containsExactly("purebench", "pthmod", "legx");
      assertThat(g.failed()).as(label).isEmpty();
      assertThat(g.gilEnabledBy()).as(label).isEmpty();
    }
    assertThat(r.gilStayedOff()).isFalse();
    assertThat(r.gilReenabledBy()).containsExactly("legx._core (legx 1.0)");
    assertThat(r.serialisedCells()).isEqualTo(3);
    assertThat(r.warnings())
        .contains("--with-deps: not installed: csource 1.0 (both builds): sdist only")
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "--with-deps: the GIL was re-enabled by legx._core (legx 1.0) on import, before the work, in 6 of 6 free-threaded runs"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "--with-deps (free-threaded): failed to import before the work: nosuch: ModuleNotFoundError"))
        // explained once for the run, not once per cell
        .noneMatch(w -> w.contains("the GIL was enabled at the end of a free-threaded run"));
    // Serialised: two threads on the free-threaded build get no more than one CPU's worth.
    double ftParallelism =
        r.cell("cpu_threads", 2).orElseThrow().freeThreaded().parallelism().orElseThrow();
    System.out.printf(
        "--with-deps, GIL re-enabled: cpu_threads x2 free-threaded CPU/wall %.2f%n", ftParallelism);
    assertThat(ftParallelism).isLessThan(1.3);
    System.out.println(BenchSummary.render(r));
  }

  @Test
  void cleanDependenciesKeepTheGilOffAndOneThatKillsABuildIsLeftOutOfIt() throws IOException {
    Path pure = tmp.resolve("pure-site");
    Files.createDirectories(pure.resolve("cleanbench"));
    Files.writeString(pure.resolve("cleanbench/__init__.py"), "import json\n");
    BenchDependencies.Distribution d =
        new BenchDependencies.Distribution(
            "cleanbench", "2.0", "cleanbench-2.0-py3-none-any.whl", pure, List.of("cleanbench"));
    // A wheel for the GIL twin only whose extension dereferences a null pointer on import: the
    // scan's probe never imports it (it runs on the free-threaded build), so the bench must
    // notice before it fails every GIL run.
    Path crashSite = tmp.resolve("crash-site");
    compile(
        gil,
        crashSite,
        "boom",
        "#include <Python.h>\n"
            + "PyMODINIT_FUNC PyInit_boom(void) { volatile int *p = NULL; *p = 1; return NULL; }\n");
    BenchDependencies.Distribution crash =
        new BenchDependencies.Distribution(
            "boom", "0.1", "boom-0.1-cp313-cp313-linux_x86_64.whl", crashSite, List.of("boom"));
    BenchPlan plan =
        BenchPlan.quick(1)
            .withShape(1, 0, 3, 0.05)
            .withOnly(Set.of("nbody"))
            .withDependencies(new BenchDependencies(List.of(d), List.of(d, crash), List.of()));
    BenchResult r =
        new BenchRunner(RUNNER, Clock.systemUTC()).run(freeThreaded, gil, plan, line -> {});
    BenchDependencies used = r.plan().dependencies().orElseThrow();
    assertThat(used.gil()).containsExactly(d);
    assertThat(used.freeThreaded()).containsExactly(d);
    assertThat(used.notInstalled())
        .singleElement()
        .asString()
        .startsWith("boom 0.1 (GIL): left out: importing it ends the interpreter (signal 11");
    assertThat(r.warnings())
        .anySatisfy(w -> assertThat(w).startsWith("--with-deps: not installed: boom 0.1 (GIL)"));
    CellResult c = r.cells().get(0);
    assertThat(c.gil().problems()).isEmpty();
    assertThat(c.gil().samples()).hasSize(3);
    assertThat(c.gil().preload().orElseThrow().imported()).containsExactly("cleanbench");
    assertThat(c.freeThreaded().preload().orElseThrow().imported()).containsExactly("cleanbench");
    assertThat(c.freeThreaded().gilEnabledBy()).isEmpty();
    assertThat(r.gilStayedOff()).isTrue();
    assertThat(r.gilReenabledBy()).isEmpty();
    assertThat(BenchSummary.render(r))
        .contains(
            "GIL stayed off at the end of every free-threaded run, with the dependencies imported.");
  }

  /** A package {@code legx} whose {@code _core} extension declares nothing about the GIL. */
  private static void compileLegacy(PythonInterpreter python, Path site) throws IOException {
    Path pkg = site.resolve("legx");
    Files.createDirectories(pkg);
    Files.writeString(pkg.resolve("__init__.py"), "from . import _core\n");
    compile(
        python,
        pkg,
        "_core",
        "#include <Python.h>\n"
            + "static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, \"legx._core\", NULL, -1, NULL};\n"
            + "PyMODINIT_FUNC PyInit__core(void) { return PyModule_Create(&def); }\n");
  }

  /** Compiles {@code source} into the extension module {@code name} inside {@code dir}. */
  private static void compile(PythonInterpreter python, Path dir, String name, String source)
      throws IOException {
    Files.createDirectories(dir);
    Path c = dir.resolve(name + ".c");
    Files.writeString(c, source);
    var result =
        RUNNER.run(
            dev.nogilscan.interpreter.process.ProcessSpec.of(
                List.of(
                    "gcc",
                    "-shared",
                    "-fPIC",
                    "-O0",
                    "-I" + python.includeDir(),
                    c.toString(),
                    "-o",
                    dir.resolve(name + python.extSuffix()).toString()),
                java.util.Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"),
                dir,
                java.time.Duration.ofSeconds(120)));
    assertThat(result.succeeded()).as("gcc: " + result.stderr()).isTrue();
    Files.delete(c);
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
