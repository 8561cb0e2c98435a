package dev.nogilscan.interpreter.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The JSON form of a {@link BenchResult}, raw samples included, for embedding in reports. Keys keep
 * a fixed order; missing figures (a build without samples) are {@code null}; times are in seconds,
 * memory in KiB. Schema {@value BenchResult#SCHEMA_VERSION}:
 *
 * <pre>
 * {"schemaVersion", "kind": "nogil-scan-bench", "started", "wallSeconds",
 *  "interpreters": {"freeThreaded": {executable, version, freeThreadedBuild}, "gil": {…}},
 *  "plan": {name, rounds, warmups, repetitions, scale, threadCounts, pinCpus, noiseThreshold,
 *           userScript},
 *  "dependencies": null | {"freeThreaded": [{name, version, file, modules[]}], "gil": […],
 *                          "notInstalled": [], "gilReenabledBy": []},
 *  "machine": {cpus, pinning, loadAverageBefore, loadAverageAfter},
 *  "summary": {singleThreadGeometricMean, singleThreadMemoryRatio, gilStayedOff, cells, noisyCells},
 *  "workloads": [{name, kind, description}],
 *  "results": [{workload, kind, threads, speedup, memoryRatio, noisy, separated,
 *               "freeThreaded": {samples[], cpuSamples[], parallelism, count, median, q1, q3, iqr, relativeSpread, mean, stdev,
 *                                min, max, peakRssKb, gilEnabledAtEnd, processes, problems[],
 *                                "preload": null | {imported[], failed[], gilEnabledBy[], runs,
 *                                                   gilEnabledRuns}},
 *               "gil": {…}}],
 *  "scaling": [{workload, points: [{threads, freeThreaded, gil, freeThreadedOverGil, noisy}]}],
 *  "warnings": []}
 * </pre>
 *
 * {@code speedup} is GIL median / free-threaded median (above 1: the free-threaded build is
 * faster); {@code separated}: the two builds' interquartile ranges do not overlap. Stateless and
 * thread safe.
 */
public final class BenchJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchJson() {}

  /** The result as a JSON tree. */
  public static ObjectNode toTree(BenchResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", BenchResult.SCHEMA_VERSION);
    root.put("kind", "nogil-scan-bench");
    root.put("started", r.started().toString());
    root.put("wallSeconds", r.wall().toMillis() / 1000.0);
    ObjectNode interpreters = root.putObject("interpreters");
    side(interpreters.putObject("freeThreaded"), r.freeThreaded());
    side(interpreters.putObject("gil"), r.gil());
    ObjectNode plan = root.putObject("plan");
    plan.put("name", r.plan().name());
    plan.put("rounds", r.plan().rounds());
    plan.put("warmups", r.plan().warmups());
    plan.put("repetitions", r.plan().repetitions());
    plan.put("scale", r.plan().scale());
    ArrayNode threads = plan.putArray("threadCounts");
    r.plan().threadCounts().forEach(threads::add);
    plan.put("pinCpus", r.plan().pinCpus());
    plan.put("noiseThreshold", r.plan().noiseThreshold());
    if (r.plan().userScript().isPresent()) {
      plan.put("userScript", r.plan().userScript().get().toString());
    } else {
      plan.putNull("userScript");
    }
    if (r.plan().dependencies().isPresent()) {
      BenchDependencies d = r.plan().dependencies().get();
      ObjectNode deps = root.putObject("dependencies");
      distributions(deps.putArray("freeThreaded"), d.freeThreaded());
      distributions(deps.putArray("gil"), d.gil());
      ArrayNode missing = deps.putArray("notInstalled");
      d.notInstalled().forEach(missing::add);
      ArrayNode culprits = deps.putArray("gilReenabledBy");
      r.gilReenabledBy().forEach(culprits::add);
    } else {
      root.putNull("dependencies");
    }
    ObjectNode machine = root.putObject("machine");
    machine.put("cpus", r.cpus());
    machine.put("pinning", r.pinning());
    put(machine, "loadAverageBefore", r.loadBefore());
    put(machine, "loadAverageAfter", r.loadAfter());
    ObjectNode summary = root.putObject("summary");
    put(summary, "singleThreadGeometricMean", r.singleThreadGeometricMean());
    put(summary, "singleThreadMemoryRatio", r.singleThreadMemoryRatio());
    summary.put("gilStayedOff", r.gilStayedOff());
    summary.put("serialisedCells", r.serialisedCells());
    summary.put("cells", r.cells().size());
    summary.put("noisyCells", r.noisyCells());
    ArrayNode workloads = root.putArray("workloads");
    for (Workload w : r.workloads()) {
      ObjectNode n = workloads.addObject();
      n.put("name", w.name());
      n.put("kind", w.kind().id());
      n.put("description", w.description());
    }
    ArrayNode results = root.putArray("results");
    for (CellResult c : r.cells()) {
      ObjectNode n = results.addObject();
      n.put("workload", c.workload().name());
      n.put("kind", c.workload().kind().id());
      n.put("threads", c.threads());
      put(n, "speedup", c.speedup());
      put(n, "memoryRatio", c.memoryRatio());
      n.put("noisy", c.noisy());
      n.put("separated", c.separated());
      measurement(n.putObject("freeThreaded"), c.freeThreaded());
      measurement(n.putObject("gil"), c.gil());
    }
    ArrayNode scaling = root.putArray("scaling");
    for (ScalingCurve curve : r.scalingCurves()) {
      ObjectNode n = scaling.addObject();
      n.put("workload", curve.workload());
      ArrayNode points = n.putArray("points");
      for (ScalingCurve.Point p : curve.points()) {
        ObjectNode pn = points.addObject();
        pn.put("threads", p.threads());
        put(pn, "freeThreaded", p.freeThreaded());
        put(pn, "gil", p.gil());
        put(pn, "freeThreadedOverGil", p.freeThreadedOverGil());
        pn.put("noisy", p.noisy());
      }
    }
    ArrayNode warnings = root.putArray("warnings");
    r.warnings().forEach(warnings::add);
    return root;
  }

  /** The result as indented JSON text ending in a newline. */
  public static String toJson(BenchResult r) {
    try {
      return MAPPER.writeValueAsString(toTree(r)).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a benchmark result", e);
    }
  }

  /** Writes {@link #toJson} to {@code file} as UTF-8. */
  public static void write(BenchResult r, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson(r), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark JSON to " + file, e);
    }
  }

  private static void side(ObjectNode n, BenchResult.Side s) {
    n.put("executable", s.executable().toString());
    n.put("version", s.version());
    n.put("freeThreadedBuild", s.freeThreadedBuild());
  }

  private static void measurement(ObjectNode n, Measurement m) {
    ArrayNode samples = n.putArray("samples");
    m.samples().forEach(samples::add);
    ArrayNode cpu = n.putArray("cpuSamples");
    m.cpuSamples().forEach(cpu::add);
    put(n, "parallelism", m.parallelism());
    Statistics s = m.statistics();
    n.put("count", s.count());
    number(n, "median", s.median());
    number(n, "q1", s.q1());
    number(n, "q3", s.q3());
    number(n, "iqr", s.iqr());
    number(n, "relativeSpread", s.relativeSpread());
    number(n, "mean", s.mean());
    number(n, "stdev", s.stdev());
    number(n, "min", s.min());
    number(n, "max", s.max());
    if (m.peakRssKb().isPresent()) {
      n.put("peakRssKb", m.peakRssKb().getAsLong());
    } else {
      n.putNull("peakRssKb");
    }
    n.put("gilEnabledAtEnd", m.gilEnabledAtEnd());
    n.put("processes", m.processes());
    ArrayNode problems = n.putArray("problems");
    m.problems().forEach(problems::add);
    if (m.preload().isPresent()) {
      Preload p = m.preload().get();
      ObjectNode pn = n.putObject("preload");
      ArrayNode imported = pn.putArray("imported");
      p.imported().forEach(imported::add);
      ArrayNode failed = pn.putArray("failed");
      p.failed().forEach(failed::add);
      ArrayNode gilBy = pn.putArray("gilEnabledBy");
      p.gilEnabledBy().forEach(gilBy::add);
      pn.put("runs", p.runs());
      pn.put("gilEnabledRuns", p.gilEnabledRuns());
    } else {
      n.putNull("preload");
    }
  }

  private static void distributions(ArrayNode array, List<BenchDependencies.Distribution> list) {
    for (BenchDependencies.Distribution d : list) {
      ObjectNode n = array.addObject();
      n.put("name", d.name());
      n.put("version", d.version());
      n.put("file", d.file());
      ArrayNode modules = n.putArray("modules");
      d.modules().forEach(modules::add);
    }
  }

  private static void put(ObjectNode n, String key, OptionalDouble value) {
    number(n, key, value.orElse(Double.NaN));
  }

  private static void number(ObjectNode n, String key, double value) {
    if (Double.isFinite(value)) {
      n.put(key, value);
    } else {
      n.putNull(key);
    }
  }
}
