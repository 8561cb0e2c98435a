package dev.nogilscan.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The JSON report: the versioned, machine-readable form ({@code schemaVersion}) from which every
 * other format could be derived. Field order is fixed; absent values are {@code null}.
 */
public final class JsonFormat implements ReportFormat {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public String name() {
    return "json";
  }

  @Override
  public List<String> extensions() {
    return List.of("json");
  }

  @Override
  public String render(ScanReport report) {
    try {
      return JSON.writer().writeValueAsString(tree(report)).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the JSON report", e);
    }
  }

  /** The report as a JSON tree. */
  public static ObjectNode tree(ScanReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", ScanReport.SCHEMA_VERSION);
    root.put("tool", report.tool());
    root.put("generatedAt", report.generatedAt().toString());
    root.put("target", report.target());
    root.put("platform", report.platform());
    root.put("probe", report.probe());
    root.put("database", report.database().isEmpty() ? null : report.database());
    strings(root.putArray("inputs"), report.inputs());
    ObjectNode summary = root.putObject("summary");
    summary.put("total", report.packages().size());
    for (Map.Entry<Status, Integer> e : report.counts().entrySet()) {
      summary.put(e.getKey().id(), e.getValue());
    }
    ArrayNode packages = root.putArray("packages");
    for (PackageReport p : report.packages()) {
      ObjectNode n = packages.addObject();
      n.put("name", p.name());
      n.put("version", p.version().orElse(null));
      n.put("requirement", p.requirement());
      strings(n.putArray("origins"), p.origins());
      n.put("direct", p.direct());
      n.put("status", p.status().id());
      n.put("reason", p.reason());
      n.put("file", p.file().orElse(null));
      n.put("kind", p.kind());
      ArrayNode evidence = n.putArray("evidence");
      for (Evidence e : p.evidence()) {
        ObjectNode en = evidence.addObject();
        en.put("kind", e.kind());
        en.put("detail", e.detail());
        en.put("where", e.where());
      }
      ArrayNode remediation = n.putArray("remediation");
      for (Remediation r : p.remediation()) {
        ObjectNode rn = remediation.addObject();
        rn.put("kind", r.kind());
        rn.put("text", r.text());
        rn.put("version", r.version().isEmpty() ? null : r.version());
      }
      strings(n.putArray("chain"), p.chain());
      if (p.probe().isPresent()) {
        ProbeReport pr = p.probe().get();
        ObjectNode pn = n.putObject("probe");
        pn.put("outcome", pr.outcome());
        pn.put("detail", pr.detail());
        strings(pn.putArray("modules"), pr.modules());
        strings(pn.putArray("gilModules"), pr.gilModules());
        pn.put("output", pr.output());
        strings(pn.putArray("isolation"), pr.isolation());
        pn.put("interpreter", pr.interpreter());
      } else {
        n.putNull("probe");
      }
    }
    if (report.bench().isPresent()) {
      bench(root.putObject("bench"), report.bench().get());
    } else {
      root.putNull("bench");
    }
    return root;
  }

  private static void bench(ObjectNode n, BenchReport b) {
    n.put("plan", b.plan());
    n.put("freeThreaded", b.freeThreaded());
    n.put("gil", b.gil());
    if (b.singleThreadRatio().isPresent()) {
      n.put("singleThreadRatio", b.singleThreadRatio().getAsDouble());
    } else {
      n.putNull("singleThreadRatio");
    }
    n.put("gilStayedOff", b.gilStayedOff());
    n.put("gilVerdict", b.gilVerdict());
    if (b.dependencies().isPresent()) {
      BenchReport.Dependencies d = b.dependencies().get();
      ObjectNode deps = n.putObject("dependencies");
      strings(deps.putArray("freeThreaded"), d.freeThreaded());
      strings(deps.putArray("gil"), d.gil());
      strings(deps.putArray("notInstalled"), d.notInstalled());
      strings(deps.putArray("gilReenabledBy"), d.gilReenabledBy());
    } else {
      n.putNull("dependencies");
    }
    ArrayNode rows = n.putArray("rows");
    for (BenchReport.Row r : b.rows()) {
      ObjectNode o = rows.addObject();
      o.put("workload", r.workload());
      o.put("threads", r.threads());
      o.put("freeThreadedMedian", r.freeThreadedMedian());
      o.put("gilMedian", r.gilMedian());
      if (r.freeThreadedSpread().isPresent()) {
        o.put("freeThreadedSpread", r.freeThreadedSpread().getAsDouble());
      } else {
        o.putNull("freeThreadedSpread");
      }
      if (r.gilSpread().isPresent()) {
        o.put("gilSpread", r.gilSpread().getAsDouble());
      } else {
        o.putNull("gilSpread");
      }
      if (r.ratio().isPresent()) {
        o.put("ratio", r.ratio().getAsDouble());
      } else {
        o.putNull("ratio");
      }
      o.put("noisy", r.noisy());
      r.freeThreadedSamples().forEach(o.putArray("freeThreadedSamples")::add);
      r.gilSamples().forEach(o.putArray("gilSamples")::add);
      strings(o.putArray("gilReenabledBy"), r.gilReenabledBy());
    }
    ArrayNode curves = n.putArray("curves");
    for (BenchReport.Curve c : b.curves()) {
      ObjectNode o = curves.addObject();
      o.put("workload", c.workload());
      ArrayNode pts = o.putArray("points");
      for (BenchReport.Point p : c.points()) {
        ObjectNode po = pts.addObject();
        po.put("threads", p.threads());
        if (p.freeThreaded().isPresent()) {
          po.put("freeThreaded", p.freeThreaded().getAsDouble());
        } else {
          po.putNull("freeThreaded");
        }
        if (p.gil().isPresent()) {
          po.put("gil", p.gil().getAsDouble());
        } else {
          po.putNull("gil");
        }
      }
    }
    strings(n.putArray("warnings"), b.warnings());
  }

  private static void strings(ArrayNode array, Collection<String> values) {
    values.forEach(array::add);
  }
}
