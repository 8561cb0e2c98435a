package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {
  @Test
  void namesInRegistryOrder() {
    assertThat(ReportFormats.names())
        .containsExactly("json", "html", "md", "junit", "sarif", "console");
  }

  @Test
  void named() {
    assertThat(ReportFormats.named("html")).get().isInstanceOf(HtmlFormat.class);
    assertThat(ReportFormats.named("json")).get().isInstanceOf(JsonFormat.class);
    assertThat(ReportFormats.named("HTML")).isEmpty();
    assertThat(ReportFormats.named("xml")).isEmpty();
  }

  @Test
  void forFileUsesTheExtension() {
    assertThat(ReportFormats.forFile(Path.of("out/report.html")))
        .get()
        .isInstanceOf(HtmlFormat.class);
    assertThat(ReportFormats.forFile(Path.of("REPORT.HTM"))).get().isInstanceOf(HtmlFormat.class);
    assertThat(ReportFormats.forFile(Path.of("scan.json"))).get().isInstanceOf(JsonFormat.class);
    assertThat(ReportFormats.forFile(Path.of("report.json.txt")))
        .get()
        .isInstanceOf(ConsoleFormat.class);
    assertThat(ReportFormats.forFile(Path.of("summary.md")))
        .get()
        .isInstanceOf(MarkdownFormat.class);
    assertThat(ReportFormats.forFile(Path.of("TEST-nogil.xml")))
        .get()
        .isInstanceOf(JunitFormat.class);
    assertThat(ReportFormats.forFile(Path.of("results.sarif")))
        .get()
        .isInstanceOf(SarifFormat.class);
    assertThat(ReportFormats.forFile(Path.of("report"))).isEmpty();
    assertThat(ReportFormats.forFile(Path.of("html"))).isEmpty();
  }
}
