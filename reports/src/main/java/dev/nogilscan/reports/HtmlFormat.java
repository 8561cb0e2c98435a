package dev.nogilscan.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One self-contained HTML file: no external script, style or font, so it opens offline and can be
 * attached to a ticket. The table is rendered on the server side (readable without JavaScript and
 * in print); a small inline script adds sorting and filtering.
 */
public final class HtmlFormat implements ReportFormat {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
  private final String template = load();

  @Override
  public String name() {
    return "html";
  }

  @Override
  public List<String> extensions() {
    return List.of("html", "htm");
  }

  @Override
  public String render(ScanReport report) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("tool", esc(report.tool()));
    values.put("target", esc(report.target()));
    values.put("platform", esc(report.platform()));
    values.put("probe", esc(report.probe()));
    values.put("database", esc(report.database().isEmpty() ? "none" : report.database()));
    values.put("generatedAt", esc(report.generatedAt().toString()));
    values.put(
        "inputs", esc(report.inputs().isEmpty() ? "(none)" : String.join(", ", report.inputs())));
    values.put("cards", cards(report));
    values.put("statusOptions", statusOptions());
    values.put("table", table(report));
    values.put("bench", report.bench().map(HtmlFormat::bench).orElse(""));
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("report.html names an unknown value: " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String bench(BenchReport b) {
    StringBuilder out =
        new StringBuilder("<section id=\"bench\">\n<h2>What the move buys: benchmark</h2>\n");
    out.append("<p class=\"meta\"><span>")
        .append(esc(b.plan()))
        .append(" run</span><span>")
        .append(esc(b.freeThreaded()))
        .append(" against ")
        .append(esc(b.gil()))
        .append("</span></p>\n<p>");
    b.singleThreadRatio()
        .ifPresent(
            r ->
                out.append("Single-threaded: the free-threaded build takes <b>")
                    .append(BenchCharts.fmt(1 / r))
                    .append("x</b> the time of the GIL build (geometric mean). "));
    out.append(b.gilStayedOff() ? esc(b.gilVerdict()) : "<b>" + esc(b.gilVerdict()) + "</b>");
    out.append("</p>\n");
    b.dependencies()
        .ifPresent(
            d -> {
              out.append("<p class=\"meta\">Imported before the work (--with-deps): free-threaded ")
                  .append(
                      esc(
                          d.freeThreaded().isEmpty()
                              ? "none"
                              : String.join(", ", d.freeThreaded())))
                  .append("; GIL twin ")
                  .append(esc(d.gil().isEmpty() ? "none" : String.join(", ", d.gil())))
                  .append(".</p>\n");
              d.notInstalled()
                  .forEach(
                      n ->
                          out.append("<p class=\"meta\">Not installed: ")
                              .append(esc(n))
                              .append("</p>\n"));
            });
    b.warnings().forEach(w -> out.append("<p class=\"meta\">").append(esc(w)).append("</p>\n"));
    out.append("<div class=\"charts\">").append(BenchCharts.ratios(b.rows()));
    b.curves().forEach(c -> out.append(BenchCharts.curve(c)));
    out.append(
        "</div>\n<p class=\"meta\">Curves: speedup over one thread, free-threaded solid, GIL twin dashed,"
            + " ideal dotted. '?' marks a result too noisy to conclude from.</p>\n");
    out.append(
        "<details><summary>all measurements</summary><table class=\"bench\"><thead><tr><th>workload</th>"
            + "<th>threads</th><th>free-threaded (s)</th><th>IQR</th><th>GIL (s)</th><th>IQR</th><th>GIL / free-threaded</th><th>note</th></tr></thead><tbody>\n");
    for (BenchReport.Row r : b.rows()) {
      out.append("<tr><td>")
          .append(esc(r.workload()))
          .append("</td><td>")
          .append(r.threads())
          .append("</td><td>")
          .append(BenchCharts.seconds(r.freeThreadedMedian()))
          .append("</td><td>")
          .append(percent(r.freeThreadedSpread()))
          .append("</td><td>")
          .append(BenchCharts.seconds(r.gilMedian()))
          .append("</td><td>")
          .append(percent(r.gilSpread()))
          .append("</td><td>")
          .append(r.ratio().isPresent() ? BenchCharts.fmt(r.ratio().getAsDouble()) : "")
          .append(r.noisy() ? " ?" : "")
          .append("</td><td>")
          .append(
              r.gilReenabledBy().isEmpty()
                  ? ""
                  : "<b>GIL re-enabled by " + esc(String.join(", ", r.gilReenabledBy())) + "</b>")
          .append("</td></tr>\n");
    }
    out.append("</tbody></table></details>\n</section>");
    return out.toString();
  }

  /** A spread as a whole percentage, empty when unknown. */
  static String percent(java.util.OptionalDouble v) {
    return v.isPresent()
        ? String.format(java.util.Locale.ROOT, "%.0f%%", v.getAsDouble() * 100)
        : "";
  }

  private static String cards(ScanReport report) {
    StringBuilder out = new StringBuilder();
    out.append("<div class=\"card\"><b>")
        .append(report.packages().size())
        .append("</b>packages</div>\n");
    for (Map.Entry<Status, Integer> e : report.counts().entrySet()) {
      out.append("<div class=\"card\" data-status=\"")
          .append(e.getKey().id())
          .append("\"><b>")
          .append(e.getValue())
          .append("</b><span class=\"status s-")
          .append(e.getKey().id())
          .append("\">")
          .append(e.getKey().id())
          .append("</span></div>\n");
    }
    return out.toString().stripTrailing();
  }

  private static String statusOptions() {
    StringBuilder out = new StringBuilder();
    for (Status s : Status.values()) {
      out.append("<option value=\"")
          .append(s.id())
          .append("\">")
          .append(s.id())
          .append("</option>\n");
    }
    return out.toString().stripTrailing();
  }

  private static String table(ScanReport report) {
    if (report.packages().isEmpty()) {
      return "<p class=\"empty\">No packages were scanned.</p>";
    }
    StringBuilder out = new StringBuilder();
    out.append("<table id=\"packages\">\n<thead><tr>")
        .append("<th data-key=\"name\">Package</th>")
        .append("<th data-key=\"version\">Version</th>")
        .append("<th data-key=\"severity\">Verdict</th>")
        .append("<th data-key=\"kind\">Kind</th>")
        .append("<th data-key=\"reason\">Why, evidence and advice</th>")
        .append("<th data-key=\"origin\">Required by</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (PackageReport p : report.packages()) {
      row(out, p);
    }
    out.append("</tbody>\n</table>");
    return out.toString();
  }

  private static void row(StringBuilder out, PackageReport p) {
    out.append("<tr data-status=\"")
        .append(p.status().id())
        .append("\" data-severity=\"")
        .append(p.status().severity())
        .append("\" data-direct=\"")
        .append(p.direct() ? "direct" : "transitive")
        .append("\">");
    out.append("<td><b>").append(esc(p.name())).append("</b></td>");
    out.append("<td>").append(esc(p.version().orElse(""))).append("</td>");
    out.append("<td><span class=\"status s-")
        .append(p.status().id())
        .append("\">")
        .append(p.status().id())
        .append("</span></td>");
    out.append("<td>").append(esc(p.kind())).append("</td>");
    out.append("<td class=\"reason\">").append(esc(p.reason()));
    for (Remediation r : p.remediation()) {
      out.append("<div class=\"advice\">").append(esc(r.text())).append("</div>");
    }
    if (!p.evidence().isEmpty() || p.probe().isPresent() || p.file().isPresent()) {
      out.append("<details><summary>evidence</summary><ul class=\"evidence\">");
      p.file().ifPresent(f -> out.append("<li>file: <code>").append(esc(f)).append("</code></li>"));
      for (Evidence e : p.evidence()) {
        out.append("<li>").append(esc(e.kind())).append(": ").append(esc(e.detail()));
        if (!e.where().isEmpty()) {
          out.append(" <code>").append(esc(e.where())).append("</code>");
        }
        out.append("</li>");
      }
      out.append("</ul>");
      p.probe()
          .filter(pr -> !pr.output().isEmpty())
          .ifPresent(
              pr ->
                  out.append("<details><summary>probe output</summary><pre>")
                      .append(esc(pr.output()))
                      .append("</pre></details>"));
      out.append("</details>");
    }
    out.append("</td>");
    out.append("<td>");
    List<String> where = p.chain().isEmpty() ? p.origins() : p.chain();
    out.append(esc(String.join(" \u2190 ", where)));
    out.append("</td></tr>\n");
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String load() {
    try (InputStream in = HtmlFormat.class.getResourceAsStream("report.html")) {
      if (in == null) {
        throw new IllegalStateException("report.html template missing from the jar");
      }
      // a checkout with core.autocrlf gives the template CRLF; reports promise '\n'
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
