package dev.nogilscan.reports;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Markdown for pull-request comments and CI job summaries ({@code GITHUB_STEP_SUMMARY}): the
 * counts, the packages that need attention (worst first) with reason, advice and chain, and every
 * package in a collapsed section. GitHub-flavoured tables; cell text is escaped.
 */
public final class MarkdownFormat implements ReportFormat {
  @Override
  public String name() {
    return "md";
  }

  @Override
  public List<String> extensions() {
    return List.of("md", "markdown");
  }

  @Override
  public String render(ScanReport report) {
    StringBuilder out = new StringBuilder();
    out.append("## Free-threaded CPython compatibility: ").append(report.target()).append("\n\n");
    out.append("Platform `")
        .append(report.platform())
        .append("` · import probes: ")
        .append(cell(report.probe()))
        .append(report.database().isEmpty() ? "" : " · " + cell(report.database()))
        .append(" · ")
        .append(report.generatedAt())
        .append("\n\n");
    out.append("| packages |");
    for (Status s : Status.values()) {
      out.append(' ').append(s.id()).append(" |");
    }
    out.append("\n|---:|");
    for (int i = 0; i < Status.values().length; i++) {
      out.append("---:|");
    }
    out.append("\n| ").append(report.packages().size()).append(" |");
    for (Map.Entry<Status, Integer> e : report.counts().entrySet()) {
      out.append(' ').append(e.getValue()).append(" |");
    }
    out.append("\n\n");
    List<PackageReport> attention =
        report.packages().stream()
            .filter(p -> p.status() != Status.COMPATIBLE)
            .sorted(
                Comparator.comparing((PackageReport p) -> -p.status().severity())
                    .thenComparing(PackageReport::name))
            .toList();
    if (report.packages().isEmpty()) {
      out.append("No packages were scanned.\n");
      return out.toString();
    }
    if (attention.isEmpty()) {
      out.append("Every package is compatible.\n");
    } else {
      out.append("### Needs attention\n\n");
      out.append("| package | verdict | why | advice | required by |\n|---|---|---|---|---|\n");
      for (PackageReport p : attention) {
        out.append("| ")
            .append(cell(p.label()))
            .append(" | ")
            .append(p.status().id())
            .append(" | ")
            .append(cell(p.reason()))
            .append(" | ")
            .append(
                cell(String.join("; ", p.remediation().stream().map(Remediation::text).toList())))
            .append(" | ")
            .append(cell(String.join(" \u2190 ", p.chain().isEmpty() ? p.origins() : p.chain())))
            .append(" |\n");
      }
    }
    out.append("\n<details><summary>All ")
        .append(report.packages().size())
        .append(" packages</summary>\n\n");
    out.append("| package | version | verdict | kind |\n|---|---|---|---|\n");
    for (PackageReport p : report.packages()) {
      out.append("| ")
          .append(cell(p.name()))
          .append(" | ")
          .append(cell(p.version().orElse("")))
          .append(" | ")
          .append(p.status().id())
          .append(" | ")
          .append(cell(p.kind()))
          .append(" |\n");
    }
    out.append("\n</details>\n");
    report.bench().ifPresent(b -> bench(out, b));
    return out.toString();
  }

  private static void bench(StringBuilder out, BenchReport b) {
    out.append("\n### Benchmark (")
        .append(cell(b.plan()))
        .append(")\n\n")
        .append(cell(b.freeThreaded()))
        .append(" against ")
        .append(cell(b.gil()))
        .append(". ");
    b.singleThreadRatio()
        .ifPresent(
            r ->
                out.append("Single-threaded, the free-threaded build takes ")
                    .append(BenchCharts.fmt(1 / r))
                    .append("x the time (geometric mean). "));
    out.append(b.gilStayedOff() ? cell(b.gilVerdict()) : "**" + cell(b.gilVerdict()) + "**");
    b.dependencies()
        .ifPresent(
            d -> {
              out.append("\n\nImported before the work (`--with-deps`): free-threaded ")
                  .append(
                      cell(
                          d.freeThreaded().isEmpty()
                              ? "none"
                              : String.join(", ", d.freeThreaded())))
                  .append("; GIL twin ")
                  .append(cell(d.gil().isEmpty() ? "none" : String.join(", ", d.gil())))
                  .append('.');
            });
    if (!b.warnings().isEmpty()) {
      out.append("\n\n");
      b.warnings().forEach(w -> out.append("- ").append(cell(w)).append('\n'));
    } else {
      out.append("\n");
    }
    out.append(
        "\n| workload | threads | free-threaded (s) | IQR | GIL (s) | IQR | GIL / free-threaded | note"
            + " |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (BenchReport.Row r : b.rows()) {
      out.append("| ")
          .append(cell(r.workload()))
          .append(" | ")
          .append(r.threads())
          .append(" | ")
          .append(BenchCharts.seconds(r.freeThreadedMedian()))
          .append(" | ")
          .append(HtmlFormat.percent(r.freeThreadedSpread()))
          .append(" | ")
          .append(BenchCharts.seconds(r.gilMedian()))
          .append(" | ")
          .append(HtmlFormat.percent(r.gilSpread()))
          .append(" | ")
          .append(r.ratio().isPresent() ? BenchCharts.fmt(r.ratio().getAsDouble()) : "")
          .append(r.noisy() ? " (noisy)" : "")
          .append(" | ")
          .append(
              r.gilReenabledBy().isEmpty()
                  ? ""
                  : "**GIL re-enabled by " + cell(String.join(", ", r.gilReenabledBy())) + "**")
          .append(" |\n");
    }
  }

  /** Text safe inside a table cell: no pipes, no line breaks, no HTML. */
  static String cell(String s) {
    return HtmlFormat.esc(s).replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }
}
