package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HtmlFormatTest {
  private final HtmlFormat format = new HtmlFormat();

  static List<String> scenarios() {
    return Scenarios.names();
  }

  private static int count(String haystack, String needle) {
    return haystack.split(Pattern.quote(needle), -1).length - 1;
  }

  @Test
  void nameAndExtensions() {
    assertThat(format.name()).isEqualTo("html");
    assertThat(format.extensions()).containsExactly("html", "htm");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void selfContained(String scenario) {
    String html = format.render(Scenarios.named(scenario)).toLowerCase(java.util.Locale.ROOT);

    assertThat(html).doesNotContainPattern("\\ssrc\\s*=\\s*[\"']?(https?:)?//");
    assertThat(html).doesNotContainPattern("\\shref\\s*=\\s*[\"']?(https?:)?//");
    assertThat(html).doesNotContain("<link").doesNotContain("@import").doesNotContain("url(");
    // the only script is the inline one, without src
    assertThat(count(html, "<script")).isEqualTo(1);
    assertThat(html).contains("<script>\n(function () {");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void deterministic(String scenario) {
    assertThat(format.render(Scenarios.named(scenario)))
        .isEqualTo(new HtmlFormat().render(Scenarios.named(scenario)));
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void noPlaceholderLeftOver(String scenario) {
    assertThat(format.render(Scenarios.named(scenario))).doesNotContainPattern("\\{\\{\\w+}}");
  }

  @Test
  void probeOutputIsEscaped() {
    String html = format.render(Scenarios.mixed());

    assertThat(html).doesNotContain("<script>alert");
    assertThat(html)
        .contains(
            "<pre>&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; &amp; RuntimeWarning: The"
                + " global interpreter lock (GIL) has been enabled\n  line 2 &quot;quoted&quot;</pre>");
    assertThat(html)
        .contains("<div class=\"advice\">use fast-ext &amp; friends &quot;2.x&quot;</div>");
  }

  @Test
  void everyFieldIsEscaped() {
    String hostile = "<img src=x onerror=alert(1)>\"'&";
    String escaped = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";
    ScanReport report =
        new ScanReport(
            hostile,
            Scenarios.AT,
            hostile,
            hostile,
            hostile,
            List.of(hostile),
            List.of(
                new PackageReport(
                    hostile,
                    Optional.of(hostile),
                    hostile,
                    List.of(hostile),
                    true,
                    Status.UNKNOWN,
                    hostile,
                    Optional.of(hostile),
                    hostile,
                    List.of(new Evidence(hostile, hostile, hostile)),
                    List.of(new Remediation("action", hostile, "")),
                    List.of(),
                    Optional.of(
                        new ProbeReport(
                            "crash", hostile, List.of(), List.of(), hostile, List.of(),
                            hostile)))));

    String html = format.render(report);

    assertThat(html).doesNotContain("<img");
    // tool and target appear twice; probe detail and interpreter are not shown
    assertThat(count(html, escaped)).isEqualTo(18);
  }

  @Test
  void valuesAreInsertedLiterallyNotAsTemplates() {
    ScanReport report =
        new ScanReport(
            "tool {{table}} $1 \\ $", Scenarios.AT, "3.13t", "linux", "none", List.of(), List.of());

    String html = format.render(report);

    assertThat(html).contains("<meta name=\"generator\" content=\"tool {{table}} $1 \\ $\">");
    assertThat(count(html, "No packages were scanned.")).isEqualTo(1);
  }

  @Test
  void emptyReportSaysSo() {
    String html = format.render(Scenarios.empty());

    assertThat(html).contains("<p class=\"empty\">No packages were scanned.</p>");
    assertThat(html).doesNotContain("<table");
    assertThat(html).contains("Inputs: (none)");
  }

  @Test
  void rowsCarryStatusSeverityAndDirectness() {
    String html = format.render(Scenarios.mixed());
    Matcher m =
        Pattern.compile(
                "<tr data-status=\"([^\"]+)\" data-severity=\"(\\d)\" data-direct=\"(\\w+)\">")
            .matcher(html);
    StringBuilder rows = new StringBuilder();
    while (m.find()) {
      rows.append(m.group(1))
          .append(' ')
          .append(m.group(2))
          .append(' ')
          .append(m.group(3))
          .append('\n');
    }

    assertThat(rows.toString())
        .isEqualTo(
            "gil-reenabled 2 direct\n"
                + "skipped 1 direct\n"
                + "unknown 1 direct\n"
                + "incompatible 3 transitive\n"
                + "compatible 0 direct\n");
  }

  @Test
  void chainIsShownNearestFirst() {
    assertThat(format.render(Scenarios.mixed()))
        .contains("<td>uvicorn[standard] \u2190 requirements.txt:4</td></tr>");
  }
}
