package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Structure of the CI formats beyond their golden files, and the baseline gate. */
class NewFormatsTest {
  @TempDir Path tmp;

  @Test
  void junitIsWellFormedWithOneCasePerPackageAndFailuresForBlockers() throws Exception {
    ScanReport mixed = Scenarios.named("mixed");
    String xml = new JunitFormat().render(mixed);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(mixed.packages().size());
    int blockers = mixed.reaching(Status.GIL_REENABLED).size();
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(blockers);
    assertThat(doc.getDocumentElement().getAttribute("failures"))
        .isEqualTo(Integer.toString(blockers));
  }

  @Test
  void sarifPointsEveryFindingAtAFileAndLine() throws Exception {
    ScanReport mixed = Scenarios.named("mixed");
    JsonNode root = new ObjectMapper().readTree(new SarifFormat().render(mixed));
    assertThat(root.path("version").asText()).isEqualTo("2.1.0");
    JsonNode results = root.path("runs").get(0).path("results");
    long notCompatible =
        mixed.packages().stream().filter(p -> p.status() != Status.COMPATIBLE).count();
    assertThat(results.size()).isEqualTo((int) notCompatible);
    JsonNode rules = root.path("runs").get(0).path("tool").path("driver").path("rules");
    for (JsonNode r : results) {
      assertThat(rules.get(r.path("ruleIndex").asInt()).path("id").asText())
          .isEqualTo(r.path("ruleId").asText());
      JsonNode loc = r.path("locations").get(0).path("physicalLocation");
      assertThat(loc.path("artifactLocation").path("uri").asText()).startsWith("requirements");
      assertThat(loc.path("region").path("startLine").asInt()).isPositive();
      assertThat(r.path("level").asText()).isIn("error", "warning", "note");
    }
  }

  @Test
  void consoleColoursOnlyWhenAsked() {
    ScanReport mixed = Scenarios.named("mixed");
    assertThat(new ConsoleFormat(false).render(mixed)).doesNotContain("\u001b[");
    assertThat(new ConsoleFormat(true).render(mixed)).contains("\u001b[31mincompatible");
  }

  @Test
  void baselineFailsOnlyOnWhatGotWorseAndListsImprovements() throws Exception {
    ScanReport mixed = Scenarios.named("mixed");
    Path previous = tmp.resolve("previous.json");
    // the baseline: everything as now, except pyyaml was already incompatible and legacy-ext was
    // worse
    String json =
        new JsonFormat()
            .render(mixed)
            .replace("\"status\" : \"gil-reenabled\"", "\"status\" : \"incompatible\"");
    Files.writeString(previous, json);
    Baseline baseline = Baseline.load(previous);
    assertThat(baseline.regressions(mixed, Status.INCOMPATIBLE)).isEmpty();
    assertThat(baseline.improvements(mixed))
        .extracting(Baseline.Change::describe)
        .containsExactly("legacy-ext: incompatible -> gil-reenabled");

    Files.writeString(previous, new JsonFormat().render(Scenarios.named("all-compatible")));
    assertThat(Baseline.load(previous).regressions(mixed, Status.INCOMPATIBLE))
        .extracting(Baseline.Change::describe)
        .containsExactly("pyyaml: new -> incompatible");
  }

  @Test
  void aBaselineThatIsNotAReportIsRefusedWithTheReason() throws Exception {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"packages\": []}");
    assertThatThrownBy(() -> Baseline.load(bad))
        .hasMessage(
            bad + ": expected a nogil-scan JSON report with schemaVersion 1..1 but found none");
    Files.writeString(bad, "{\n  \"schemaVersion\": 1,\n  oops");
    assertThatThrownBy(() -> Baseline.load(bad)).hasMessageStartingWith(bad + ":3: not JSON: ");
  }

  static ScanReport withBench() {
    BenchReport bench =
        new BenchReport(
            "quick",
            "CPython 3.13.5 free-threaded",
            "CPython 3.13.5",
            java.util.OptionalDouble.of(0.8),
            true,
            java.util.List.of(
                new BenchReport.Row(
                    "nbody",
                    1,
                    0.5,
                    0.4,
                    java.util.OptionalDouble.of(0.05),
                    java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.of(0.8),
                    false,
                    java.util.List.of(0.5, 0.5),
                    java.util.List.of(0.4),
                    java.util.List.of()),
                new BenchReport.Row(
                    "cpu_threads",
                    2,
                    0.3,
                    0.6,
                    java.util.OptionalDouble.of(0.05),
                    java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.of(2.0),
                    true,
                    java.util.List.of(0.3),
                    java.util.List.of(0.6),
                    java.util.List.of())),
            java.util.List.of(
                new BenchReport.Curve(
                    "cpu_threads",
                    java.util.List.of(
                        new BenchReport.Point(
                            1, java.util.OptionalDouble.of(1.0), java.util.OptionalDouble.of(1.0)),
                        new BenchReport.Point(
                            2,
                            java.util.OptionalDouble.of(1.9),
                            java.util.OptionalDouble.of(0.95))))),
            java.util.List.of("the machine was busy <load 9>"),
            java.util.Optional.empty());
    return withBench(bench);
  }

  static ScanReport withBench(BenchReport bench) {
    ScanReport mixed = Scenarios.named("mixed");
    return new ScanReport(
        mixed.tool(),
        mixed.generatedAt(),
        mixed.target(),
        mixed.platform(),
        mixed.probe(),
        mixed.inputs(),
        mixed.packages(),
        "compat-db test",
        java.util.Optional.of(bench));
  }

  @Test
  void benchResultsAreInEveryFormatWithSvgChartsInTheHtml() throws Exception {
    ScanReport r = withBench();
    String html = new HtmlFormat().render(r);
    assertThat(html)
        .contains("<section id=\"bench\">")
        .contains("<svg class=\"chart\"")
        .contains("takes <b>1.25x</b> the time")
        .contains("<td>0.3000</td><td>5%</td><td>0.6000</td><td></td>")
        .contains("the machine was busy &lt;load 9&gt;")
        .doesNotContain("<load 9>");
    assertThat(html.split("<svg ", -1)).hasSize(3); // the ratio bars and one curve
    JsonNode json = new ObjectMapper().readTree(new JsonFormat().render(r)).path("bench");
    assertThat(json.path("rows").get(1).path("gilSamples").toString()).isEqualTo("[0.6]");
    assertThat(json.path("rows").get(1).path("freeThreadedSpread").asDouble()).isEqualTo(0.05);
    assertThat(json.path("rows").get(1).path("gilSpread").isNull()).isTrue();
    assertThat(json.path("curves").get(0).path("points").get(1).path("freeThreaded").asDouble())
        .isEqualTo(1.9);
    assertThat(new MarkdownFormat().render(r))
        .contains("| cpu_threads | 2 | 0.3000 | 5% | 0.6000 |  | 2.00 (noisy) |");
    assertThat(new JsonFormat().render(Scenarios.named("mixed"))).contains("\"bench\" : null");
    assertThat(new MarkdownFormat().render(r))
        .contains("The GIL stayed off in every free-threaded run.")
        .contains("- the machine was busy &lt;load 9&gt;");
    assertThat(json.path("dependencies").isNull()).isTrue();
  }

  @Test
  void aDependencyThatReEnabledTheGilIsFlaggedInEveryFormat() throws Exception {
    BenchReport.Row serialised =
        new BenchReport.Row(
            "cpu_threads",
            2,
            0.6,
            0.6,
            java.util.OptionalDouble.of(0.05),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.of(1.0),
            false,
            java.util.List.of(0.6),
            java.util.List.of(0.6),
            java.util.List.of("legacyext._core"));
    BenchReport bench =
        new BenchReport(
            "quick",
            "CPython 3.13.5 free-threaded",
            "CPython 3.13.5",
            java.util.OptionalDouble.empty(),
            false,
            java.util.List.of(
                new BenchReport.Row(
                    "nbody",
                    1,
                    0.5,
                    0.4,
                    java.util.OptionalDouble.of(0.05),
                    java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.of(0.8),
                    false,
                    java.util.List.of(0.5),
                    java.util.List.of(0.4),
                    java.util.List.of("legacyext._core")),
                serialised),
            java.util.List.of(),
            java.util.List.of(
                "--with-deps: not installed: csource 1.0.0 (both builds): sdist only"),
            java.util.Optional.of(
                new BenchReport.Dependencies(
                    java.util.List.of("fastfree 1.0.0", "legacyext 1.0.0"),
                    java.util.List.of("fastfree 1.0.0"),
                    java.util.List.of("csource 1.0.0 (both builds): sdist only"),
                    java.util.List.of("legacyext._core (legacyext 1.0.0)"))));
    String verdict =
        "The GIL was re-enabled by legacyext._core (legacyext 1.0.0) when the dependencies were"
            + " imported: 2 of 2 free-threaded results ran serialised, so they show a GIL build,"
            + " not free threading.";
    assertThat(bench.gilVerdict()).isEqualTo(verdict);
    ScanReport r = withBench(bench);
    assertThat(new HtmlFormat().render(r))
        .contains("<b>" + verdict + "</b>")
        .contains("<b>GIL re-enabled by legacyext._core</b>")
        .contains("free-threaded fastfree 1.0.0, legacyext 1.0.0; GIL twin fastfree 1.0.0")
        .contains("Not installed: csource 1.0.0 (both builds): sdist only")
        .contains(" GIL on</text>");
    assertThat(new MarkdownFormat().render(r))
        .contains("**" + verdict + "**")
        .contains(
            "| cpu_threads | 2 | 0.6000 | 5% | 0.6000 |  | 1.00 | **GIL re-enabled by legacyext._core** |")
        .contains("- --with-deps: not installed: csource 1.0.0");
    JsonNode json = new ObjectMapper().readTree(new JsonFormat().render(r)).path("bench");
    assertThat(json.path("gilVerdict").asText()).isEqualTo(verdict);
    assertThat(json.path("rows").get(0).path("gilReenabledBy").toString())
        .isEqualTo("[\"legacyext._core\"]");
    assertThat(json.path("dependencies").path("gilReenabledBy").get(0).asText())
        .isEqualTo("legacyext._core (legacyext 1.0.0)");
    assertThat(json.path("dependencies").path("notInstalled")).hasSize(1);
  }
}
