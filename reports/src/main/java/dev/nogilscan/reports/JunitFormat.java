package dev.nogilscan.reports;

import java.util.List;

/**
 * JUnit XML, one test case per package, for CI systems that display test results: {@code
 * incompatible} and {@code gil-reenabled} are failures, {@code unknown} and {@code skipped} are
 * skipped cases with their reason, {@code compatible} passes.
 */
public final class JunitFormat implements ReportFormat {
  @Override
  public String name() {
    return "junit";
  }

  @Override
  public List<String> extensions() {
    return List.of("xml");
  }

  @Override
  public String render(ScanReport report) {
    int failures = 0;
    int skipped = 0;
    for (PackageReport p : report.packages()) {
      if (p.status().reaches(Status.GIL_REENABLED)) {
        failures++;
      } else if (p.status() != Status.COMPATIBLE) {
        skipped++;
      }
    }
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<testsuites name=\"nogil-scan\" tests=\"")
        .append(report.packages().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\">\n");
    out.append("  <testsuite name=\"free-threaded ")
        .append(x(report.target()))
        .append(' ')
        .append(x(report.platform()))
        .append("\" tests=\"")
        .append(report.packages().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"0\" skipped=\"")
        .append(skipped)
        .append("\" timestamp=\"")
        .append(x(report.generatedAt().toString()))
        .append("\">\n");
    for (PackageReport p : report.packages()) {
      String origin = p.origins().isEmpty() ? "nogil-scan" : p.origins().get(0);
      out.append("    <testcase classname=\"")
          .append(x(origin))
          .append("\" name=\"")
          .append(x(p.label()))
          .append('"');
      if (p.status() == Status.COMPATIBLE) {
        out.append("/>\n");
        continue;
      }
      out.append(">\n");
      if (p.status().reaches(Status.GIL_REENABLED)) {
        out.append("      <failure type=\"")
            .append(p.status().id())
            .append("\" message=\"")
            .append(x(p.reason()))
            .append("\">");
        out.append(x(details(p))).append("</failure>\n");
      } else {
        out.append("      <skipped message=\"")
            .append(x(p.status().id() + ": " + p.reason()))
            .append("\"/>\n");
      }
      out.append("    </testcase>\n");
    }
    out.append("  </testsuite>\n</testsuites>\n");
    return out.toString();
  }

  private static String details(PackageReport p) {
    StringBuilder d = new StringBuilder();
    p.remediation().forEach(r -> d.append(r.text()).append('\n'));
    if (!p.chain().isEmpty()) {
      d.append("required by: ").append(String.join(" <- ", p.chain())).append('\n');
    }
    p.evidence().forEach(e -> d.append(e.kind()).append(": ").append(e.detail()).append('\n'));
    return d.toString();
  }

  /** Escapes for XML text and attributes; drops characters XML 1.0 cannot carry. */
  static String x(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                  if (c == 0x9
                      || c == 0xA
                      || c == 0xD
                      || (c >= 0x20 && c <= 0xD7FF)
                      || (c >= 0xE000 && c <= 0xFFFD)
                      || c > 0xFFFF) {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }
}
