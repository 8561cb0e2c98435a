package dev.nogilscan.reports;

import java.util.List;
import java.util.Map;

/**
 * A plain-text table for terminals: one line per package (label, verdict, reason) and a count line.
 * With colour, verdicts are coloured with ANSI escapes; the CLI turns colour off for {@code
 * NO_COLOR} and for output that is not a terminal.
 */
public final class ConsoleFormat implements ReportFormat {
  private final boolean color;

  public ConsoleFormat() {
    this(false);
  }

  public ConsoleFormat(boolean color) {
    this.color = color;
  }

  @Override
  public String name() {
    return "console";
  }

  @Override
  public List<String> extensions() {
    return List.of("txt");
  }

  @Override
  public String render(ScanReport report) {
    StringBuilder out = new StringBuilder();
    int width =
        Math.max(7, report.packages().stream().mapToInt(p -> p.label().length()).max().orElse(7));
    for (PackageReport p : report.packages()) {
      String label = String.format("%-" + width + "s", p.label());
      String status = String.format("%-13s", p.status().id());
      out.append(label)
          .append("  ")
          .append(paint(p.status(), status))
          .append("  ")
          .append(p.reason())
          .append('\n');
    }
    StringBuilder line = new StringBuilder(report.packages().size() + " packages:");
    for (Map.Entry<Status, Integer> e : report.counts().entrySet()) {
      line.append(' ').append(e.getValue()).append(' ').append(e.getKey().id()).append(',');
    }
    line.setLength(line.length() - 1);
    return out.append(line).append('\n').toString();
  }

  private String paint(Status s, String text) {
    if (!color) {
      return text;
    }
    String code =
        switch (s) {
          case COMPATIBLE -> "32";
          case GIL_REENABLED -> "33";
          case INCOMPATIBLE -> "31";
          case SKIPPED -> "35";
          case UNKNOWN -> "90";
        };
    return "\u001b[" + code + "m" + text + "\u001b[0m";
  }
}
