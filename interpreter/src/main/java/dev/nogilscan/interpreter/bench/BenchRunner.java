package dev.nogilscan.interpreter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.interpreter.PythonEnvironment;
import dev.nogilscan.interpreter.PythonException;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.Scripts;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the benchmark suite ({@code bench/suite.py}) on a free-threaded CPython and its GIL twin.
 *
 * <p>Method (FACTS.md, "Benchmark facts"): every run is a fresh process that does warm-ups, then
 * timed repetitions measured inside Python with {@code time.perf_counter} around the work only; the
 * two builds alternate run by run (and which goes first alternates by round), so drift of the
 * machine hits both alike; with {@code taskset} available each run is pinned to as many CPUs as it
 * has threads. Each free-threaded run reports after its work whether the GIL is still disabled.
 *
 * <p>A failing run is recorded in its cell's {@link Measurement#problems()} and the run goes on.
 * Thread safe if the {@link ProcessRunner} is; runs are sequential by design (parallel runs would
 * measure each other).
 */
public final class BenchRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUITE = "bench/suite.py";
  private static final List<String> SYSTEM_PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");

  private final ProcessRunner runner;
  private final Clock clock;

  public BenchRunner(ProcessRunner runner, Clock clock) {
    this.runner = runner;
    this.clock = clock;
  }

  /**
   * The suite's workloads as {@code python} lists them.
   *
   * @throws PythonException when the interpreter cannot run the suite
   */
  public List<Workload> workloads(PythonInterpreter python) {
    Path dir = tempDir();
    try {
      Path suite = writeSuite(dir);
      return list(python.executable(), suite, dir);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Measures the suite.
   *
   * @param progress receives one line per finished run, for display
   * @throws PythonException when {@code freeThreaded} is not a free-threaded build, {@code gil} is
   *     one, or the suite cannot even list its workloads
   */
  public BenchResult run(
      PythonInterpreter freeThreaded,
      PythonInterpreter gil,
      BenchPlan plan,
      Consumer<String> progress) {
    if (!freeThreaded.freeThreaded()) {
      throw new PythonException(
          freeThreaded.executable()
              + ": expected a free-threaded build (Py_GIL_DISABLED=1) to benchmark, but it is a GIL"
              + " build");
    }
    if (gil.freeThreaded()) {
      throw new PythonException(
          gil.executable()
              + ": expected a GIL build as the baseline, but it is free-threaded (Py_GIL_DISABLED=1)");
    }
    List<String> warnings = new ArrayList<>();
    if (!freeThreaded.version().equals(gil.version())) {
      warnings.add(
          "the two builds differ in version ("
              + freeThreaded.version()
              + " free-threaded, "
              + gil.version()
              + " GIL): the ratios mix the cost of free threading with that of the version change");
    }
    if (plan.dependencies().isPresent()) {
      plan = plan.withDependencies(loadable(freeThreaded, gil, plan));
    }
    return measure(freeThreaded, gil, plan, warnings, progress);
  }

  private BenchResult measure(
      PythonInterpreter freeThreaded,
      PythonInterpreter gil,
      BenchPlan plan,
      List<String> warnings,
      Consumer<String> progress) {
    Instant started = clock.instant();
    OptionalDouble loadBefore = loadAverage();
    long t0 = System.nanoTime();
    Path dir = tempDir();
    try {
      Path suite = writeSuite(dir);
      Optional<Path> ftPreload =
          plan.dependencies()
              .map(d -> writePreload(dir.resolve("preload-ft.json"), d.freeThreaded()));
      Optional<Path> gilPreload =
          plan.dependencies().map(d -> writePreload(dir.resolve("preload-gil.json"), d.gil()));
      List<Workload> workloads = new ArrayList<>();
      for (Workload w : list(freeThreaded.executable(), suite, dir)) {
        if (plan.only().isEmpty() || plan.only().contains(w.name())) {
          workloads.add(w);
        }
      }
      plan.userScript()
          .ifPresent(
              s ->
                  workloads.add(
                      new Workload(
                          "user:" + s.getFileName(),
                          Workload.Kind.USER,
                          "your script " + s + ", run as __main__")));
      List<Integer> cpuList = plan.pinCpus() ? allowedCpus() : List.of();
      boolean pin = cpuList.size() > 1 && onPath("taskset");
      int cpus = cpuList.isEmpty() ? Runtime.getRuntime().availableProcessors() : cpuList.size();

      List<CellKey> keys = new ArrayList<>();
      for (Workload w : workloads) {
        if (w.kind() == Workload.Kind.MULTI) {
          for (int threads : plan.threadCounts()) {
            keys.add(new CellKey(w, threads));
          }
        } else {
          keys.add(new CellKey(w, 1));
        }
      }
      Map<CellKey, Accumulator> ft = new LinkedHashMap<>();
      Map<CellKey, Accumulator> gl = new LinkedHashMap<>();
      keys.forEach(
          k -> {
            ft.put(k, new Accumulator());
            gl.put(k, new Accumulator());
          });
      for (int round = 0; round < plan.rounds(); round++) {
        for (CellKey key : keys) {
          List<String> prefix =
              pin && key.workload().kind() != Workload.Kind.USER
                  ? tasksetPrefix(cpuList, key.threads())
                  : List.of();
          // Which build goes first alternates by round, so neither always runs on a "warm" machine.
          boolean ftFirst = round % 2 == 0;
          for (int i = 0; i < 2; i++) {
            boolean isFt = (i == 0) == ftFirst;
            PythonInterpreter python = isFt ? freeThreaded : gil;
            Accumulator acc = (isFt ? ft : gl).get(key);
            runOnce(
                python, suite, isFt ? ftPreload : gilPreload, dir, prefix, key, plan, acc, round);
          }
          progress.accept(progressLine(round, plan.rounds(), key, ft.get(key), gl.get(key)));
        }
      }
      OptionalDouble loadAfter = loadAverage();
      if (loadBefore.isPresent() && loadBefore.getAsDouble() >= cpus) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "the machine was busy before the run (load average %.1f on %d CPUs): other"
                    + " processes competed for the CPUs, so times, ratios and thread scaling are"
                    + " unreliable; a CPU/wall well below the thread count shows how little CPU"
                    + " the runs got",
                loadBefore.getAsDouble(),
                cpus));
      }
      plan.dependencies()
          .ifPresent(
              d -> d.notInstalled().forEach(n -> warnings.add("--with-deps: not installed: " + n)));
      List<CellResult> cells = new ArrayList<>();
      Optional<Preload> ftPreloads = Optional.empty();
      Optional<Preload> gilPreloads = Optional.empty();
      for (CellKey key : keys) {
        Measurement f = ft.get(key).toMeasurement();
        Measurement g = gl.get(key).toMeasurement();
        cells.add(CellResult.of(key.workload(), key.threads(), f, g, plan.noiseThreshold()));
        ftPreloads = merge(ftPreloads, f.preload());
        gilPreloads = merge(gilPreloads, g.preload());
        boolean explained = f.preload().map(p -> p.gilEnabledRuns() > 0).orElse(false);
        if (f.gilEnabledAtEnd() && !explained) {
          warnings.add(
              key.label()
                  + ": the GIL was enabled at the end of a free-threaded run; an imported extension"
                  + " switched it back on and the run was serialised");
        }
        for (String p : f.problems()) {
          warnings.add(key.label() + " (free-threaded): " + p);
        }
        for (String p : g.problems()) {
          warnings.add(key.label() + " (GIL): " + p);
        }
      }
      ftPreloads.ifPresent(p -> preloadWarnings(p, "free-threaded", plan, warnings));
      gilPreloads.ifPresent(p -> preloadWarnings(p, "GIL", plan, warnings));
      return new BenchResult(
          started,
          Duration.ofNanos(System.nanoTime() - t0),
          side(freeThreaded),
          side(gil),
          plan,
          cpus,
          pin ? "taskset" : "none",
          loadBefore,
          loadAfter,
          workloads,
          cells,
          warnings);
    } finally {
      deleteTree(dir);
    }
  }

  private record CellKey(Workload workload, int threads) {
    String label() {
      return workload.name() + (workload.kind() == Workload.Kind.MULTI ? " x" + threads : "");
    }
  }

  /** Samples and facts collected for one cell on one build, across rounds. */
  private static final class Accumulator {
    final List<Double> samples = new ArrayList<>();
    final List<Double> cpuSamples = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    long peakRss = -1;
    boolean gilEnabledAtEnd;
    int processes;
    Optional<Preload> preload = Optional.empty();

    Measurement toMeasurement() {
      return new Measurement(
          samples,
          cpuSamples,
          Statistics.of(samples),
          peakRss < 0 ? OptionalLong.empty() : OptionalLong.of(peakRss),
          gilEnabledAtEnd,
          processes,
          problems,
          preload);
    }
  }

  private void runOnce(
      PythonInterpreter python,
      Path suite,
      Optional<Path> preloadSpec,
      Path dir,
      List<String> prefix,
      CellKey key,
      BenchPlan plan,
      Accumulator acc,
      int round) {
    List<String> command = new ArrayList<>(prefix);
    command.add(python.executable().toString());
    // -I: no PYTHON* variables, no user site, no script directory on sys.path. Never -X gil=0:
    // a dependency that switches the GIL back on must be seen, not overridden.
    command.addAll(List.of("-I", suite.toString(), "run"));
    command.addAll(
        List.of(
            "--workload",
            key.workload().name(),
            "--threads",
            Integer.toString(key.threads()),
            "--warmups",
            Integer.toString(plan.warmups()),
            "--reps",
            Integer.toString(plan.repetitions()),
            "--scale",
            String.format(Locale.ROOT, "%s", plan.scale())));
    if (key.workload().kind() == Workload.Kind.USER) {
      command.add("--script");
      command.add(plan.userScript().orElseThrow().toAbsolutePath().toString());
    }
    if (preloadSpec.isPresent()) {
      command.add("--preload");
      command.add(preloadSpec.get().toString());
    }
    ProcessResult result;
    try {
      result =
          runner.run(
              ProcessSpec.of(
                  command, PythonEnvironment.scrubbed(dir, dir), dir, plan.processTimeout()));
    } catch (ProcessRunner.ProcessStartException e) {
      acc.problems.add("round " + (round + 1) + ": " + e.getMessage());
      return;
    }
    if (!result.succeeded()) {
      acc.problems.add(
          "round "
              + (round + 1)
              + ": "
              + (result.timedOut()
                  ? "timed out after " + plan.processTimeout().toSeconds() + "s"
                  : "exit " + result.exitCode())
              + ": "
              + result.stderrTail(2).replace('\n', ' '));
      return;
    }
    List<Double> samples = new ArrayList<>();
    List<Double> cpuSamples = new ArrayList<>();
    JsonNode end = null;
    JsonNode preloaded = null;
    for (String line : result.stdout().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        // The user's script may print: only our JSON lines count.
        continue;
      }
      String event = node.path("event").asText();
      if (event.equals("sample") && node.path("seconds").isNumber()) {
        samples.add(node.path("seconds").asDouble());
        if (node.path("cpu_seconds").isNumber()) {
          cpuSamples.add(node.path("cpu_seconds").asDouble());
        }
      } else if (event.equals("end")) {
        end = node;
      } else if (event.equals("preload")) {
        preloaded = node;
      }
    }
    if (end == null || samples.size() != plan.repetitions()) {
      acc.problems.add(
          "round "
              + (round + 1)
              + ": expected "
              + plan.repetitions()
              + " samples and an end line but got "
              + samples.size()
              + (end == null ? " and no end line" : ""));
      return;
    }
    if (preloadSpec.isPresent() && preloaded == null) {
      acc.problems.add("round " + (round + 1) + ": the dependencies were not reported as loaded");
      return;
    }
    if (preloaded != null) {
      acc.preload = merge(acc.preload, Optional.of(preload(preloaded)));
    }
    acc.samples.addAll(samples);
    if (cpuSamples.size() == samples.size()) {
      acc.cpuSamples.addAll(cpuSamples);
    }
    acc.processes++;
    acc.gilEnabledAtEnd |= end.path("gil_enabled").asBoolean(true);
    if (end.path("peak_rss_kb").canConvertToLong()) {
      acc.peakRss = Math.max(acc.peakRss, end.path("peak_rss_kb").asLong());
    }
  }

  /**
   * The dependencies without those whose import ends a build's interpreter (a crash, an exit, a
   * hang), which would fail every run of that build: all of a build's dependencies are loaded once,
   * and only when that fails each one alone, to name the culprits. Imports that raise are not left
   * out (the runs record them and go on).
   */
  private BenchDependencies loadable(
      PythonInterpreter freeThreaded, PythonInterpreter gil, BenchPlan plan) {
    BenchDependencies d = plan.dependencies().orElseThrow();
    List<String> leftOut = new ArrayList<>(d.notInstalled());
    Path dir = tempDir();
    try {
      Path suite = writeSuite(dir);
      List<BenchDependencies.Distribution> ft =
          loadable(freeThreaded, "free-threaded", d.freeThreaded(), suite, dir, plan, leftOut);
      List<BenchDependencies.Distribution> gl =
          loadable(gil, "GIL", d.gil(), suite, dir, plan, leftOut);
      return new BenchDependencies(ft, gl, leftOut);
    } finally {
      deleteTree(dir);
    }
  }

  private List<BenchDependencies.Distribution> loadable(
      PythonInterpreter python,
      String build,
      List<BenchDependencies.Distribution> list,
      Path suite,
      Path dir,
      BenchPlan plan,
      List<String> leftOut) {
    if (list.isEmpty() || loadFailure(python, list, suite, dir, plan).isEmpty()) {
      return list;
    }
    List<BenchDependencies.Distribution> kept = new ArrayList<>();
    for (BenchDependencies.Distribution d : list) {
      Optional<String> failure = loadFailure(python, List.of(d), suite, dir, plan);
      if (failure.isEmpty()) {
        kept.add(d);
      } else {
        leftOut.add(
            d.label()
                + " ("
                + build
                + "): left out: importing it ends the interpreter ("
                + failure.get()
                + ")");
      }
    }
    return kept;
  }

  /** Why loading {@code list} on {@code python} does not finish, or empty when it does. */
  private Optional<String> loadFailure(
      PythonInterpreter python,
      List<BenchDependencies.Distribution> list,
      Path suite,
      Path dir,
      BenchPlan plan) {
    Path spec = writePreload(dir.resolve("preload-check.json"), list);
    ProcessResult result;
    try {
      result =
          runner.run(
              ProcessSpec.of(
                  List.of(
                      python.executable().toString(),
                      "-I",
                      suite.toString(),
                      "preload",
                      spec.toString()),
                  PythonEnvironment.scrubbed(dir, dir),
                  dir,
                  plan.processTimeout()));
    } catch (ProcessRunner.ProcessStartException e) {
      return Optional.of(e.getMessage());
    }
    if (result.timedOut()) {
      return Optional.of("no answer after " + plan.processTimeout().toSeconds() + "s");
    }
    if (!result.succeeded()) {
      return Optional.of(
          (result.signal().isPresent()
                  ? "signal " + result.signal().getAsInt()
                  : "exit " + result.exitCode())
              + (result.stderrTail(1).isBlank() ? "" : ": " + result.stderrTail(1).strip()));
    }
    if (!result.stdout().contains("\"event\": \"preload\"")) {
      return Optional.of("it ended without reporting the imports");
    }
    return Optional.empty();
  }

  /** The suite's "preload" line as a one-run {@link Preload}. */
  static Preload preload(JsonNode node) {
    List<String> imported = new ArrayList<>();
    node.path("imported").forEach(m -> imported.add(m.asText()));
    List<String> failed = new ArrayList<>();
    node.path("failed")
        .forEach(f -> failed.add(f.path("module").asText() + ": " + f.path("error").asText()));
    List<String> gilBy = new ArrayList<>();
    node.path("gil_enabled_by")
        .forEach(
            g ->
                gilBy.add(
                    g.path("extension").isTextual()
                        ? g.path("extension").asText()
                        : g.path("module").asText()));
    boolean gilOn = node.path("gil_enabled").asBoolean(true);
    return new Preload(imported, failed, gilBy, 1, gilOn ? 1 : 0);
  }

  private static Optional<Preload> merge(Optional<Preload> a, Optional<Preload> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : Optional.of(a.get().plus(b.get()));
  }

  private static void preloadWarnings(
      Preload p, String build, BenchPlan plan, List<String> warnings) {
    if (!p.failed().isEmpty()) {
      warnings.add(
          "--with-deps ("
              + build
              + "): failed to import before the work: "
              + String.join("; ", p.failed()));
    }
    if (build.equals("free-threaded") && p.gilEnabledRuns() > 0) {
      List<BenchDependencies.Distribution> ft =
          plan.dependencies().map(BenchDependencies::freeThreaded).orElse(List.of());
      warnings.add(
          "--with-deps: the GIL was re-enabled by "
              + BenchResult.describeCulprits(p.gilEnabledBy(), ft)
              + " on import, before the work, in "
              + p.gilEnabledRuns()
              + " of "
              + p.runs()
              + " free-threaded runs: those runs were serialised, so their figures are those of"
              + " a GIL build");
    }
  }

  private static Path writePreload(Path file, List<BenchDependencies.Distribution> list) {
    var spec = JSON.createObjectNode();
    var paths = spec.putArray("paths");
    var modules = spec.putArray("modules");
    for (BenchDependencies.Distribution d : list) {
      paths.add(d.site().toAbsolutePath().toString());
      d.modules().forEach(modules::add);
    }
    try {
      Files.writeString(file, JSON.writeValueAsString(spec));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dependency list to " + file, e);
    }
    return file;
  }

  private List<Workload> list(Path python, Path suite, Path dir) {
    ProcessResult result;
    try {
      result =
          runner.run(
              ProcessSpec.of(
                  List.of(python.toString(), "-I", suite.toString(), "list"),
                  PythonEnvironment.scrubbed(dir, dir),
                  dir,
                  Duration.ofSeconds(60)));
    } catch (ProcessRunner.ProcessStartException e) {
      throw new PythonException(python + ": cannot run the benchmark suite: " + e.getMessage(), e);
    }
    if (!result.succeeded()) {
      throw new PythonException(
          python
              + ": the benchmark suite does not run (exit "
              + result.exitCode()
              + "): "
              + result.stderrTail(3));
    }
    List<Workload> workloads = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        workloads.add(
            new Workload(
                node.path("name").asText(),
                Workload.Kind.parse(node.path("kind").asText()),
                node.path("description").asText()));
      } catch (IOException | IllegalArgumentException e) {
        throw new PythonException(
            python + ": unexpected line from the benchmark suite: " + line.strip(), e);
      }
    }
    return workloads;
  }

  private static String progressLine(
      int round, int rounds, CellKey key, Accumulator ft, Accumulator gil) {
    return String.format(
        Locale.ROOT,
        "round %d/%d  %-22s free-threaded %s  GIL %s",
        round + 1,
        rounds,
        key.label(),
        last(ft),
        last(gil));
  }

  private static String last(Accumulator acc) {
    return acc.samples.isEmpty()
        ? "failed"
        : String.format(Locale.ROOT, "%.4fs", Statistics.of(acc.samples).median());
  }

  private static BenchResult.Side side(PythonInterpreter p) {
    return new BenchResult.Side(p.executable(), p.version(), p.freeThreaded());
  }

  /**
   * {@code taskset -c} with the last {@code threads} allowed CPUs (CPU 0 takes most interrupts).
   */
  static List<String> tasksetPrefix(List<Integer> cpus, int threads) {
    int k = Math.min(Math.max(1, threads), cpus.size());
    List<Integer> chosen = cpus.subList(cpus.size() - k, cpus.size());
    StringBuilder list = new StringBuilder();
    for (int cpu : chosen) {
      if (list.length() > 0) {
        list.append(',');
      }
      list.append(cpu);
    }
    return List.of("taskset", "-c", list.toString());
  }

  /** The 1-minute load average from {@code /proc/loadavg}, when there is one. */
  static OptionalDouble loadAverage() {
    Path loadavg = Path.of("/proc/loadavg");
    try {
      if (Files.isReadable(loadavg)) {
        String[] fields = Files.readString(loadavg).strip().split("\\s+");
        return OptionalDouble.of(Double.parseDouble(fields[0]));
      }
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.empty();
  }

  /** The CPUs this process may run on, from {@code /proc/self/status}; empty when unknown. */
  static List<Integer> allowedCpus() {
    Path status = Path.of("/proc/self/status");
    try {
      if (!Files.isReadable(status)) {
        return List.of();
      }
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return parseCpuList(line.substring("Cpus_allowed_list:".length()).strip());
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return List.of();
  }

  /** Parses a kernel CPU list such as {@code 0-3,8,10-11}. */
  static List<Integer> parseCpuList(String text) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int dash = p.indexOf('-');
      if (dash < 0) {
        cpus.add(Integer.parseInt(p));
      } else {
        int from = Integer.parseInt(p.substring(0, dash));
        int to = Integer.parseInt(p.substring(dash + 1));
        for (int c = from; c <= to; c++) {
          cpus.add(c);
        }
      }
    }
    return cpus;
  }

  private static boolean onPath(String program) {
    return SYSTEM_PATH.stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("nogil-scan-bench");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the benchmark", e);
    }
  }

  private static Path writeSuite(Path dir) {
    Path suite = dir.resolve("suite.py");
    try {
      Files.writeString(suite, Scripts.load(SUITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark suite to " + suite, e);
    }
    return suite;
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  /** For callers that want the user's script checked before a long run. */
  public static Optional<String> checkScript(Path script) {
    if (!Files.isRegularFile(script)) {
      return Optional.of(script + ": no such file");
    }
    if (!Files.isReadable(script)) {
      return Optional.of(script + ": not readable");
    }
    return Optional.empty();
  }
}
