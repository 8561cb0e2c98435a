package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFormatTest {
  private final JsonFormat format = new JsonFormat();

  private JsonNode parse(ScanReport report) throws Exception {
    return new ObjectMapper().readTree(format.render(report));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void nameAndExtensions() {
    assertThat(format.name()).isEqualTo("json");
    assertThat(format.extensions()).containsExactly("json");
  }

  @Test
  void topLevelFieldsInFixedOrder() throws Exception {
    JsonNode root = parse(Scenarios.empty());

    assertThat(fieldNames(root))
        .containsExactly(
            "$schema",
            "schemaVersion",
            "tool",
            "generatedAt",
            "target",
            "platform",
            "probe",
            "database",
            "inputs",
            "summary",
            "packages",
            "bench");
    assertThat(root.get("$schema").asText())
        .isEqualTo("https://nogil-scan.dev/schema/report-1.schema.json");
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(root.get("generatedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(fieldNames(root.get("summary")))
        .containsExactly(
            "total", "compatible", "skipped", "unknown", "gil-reenabled", "incompatible");
    assertThat(root.get("packages").isArray()).isTrue();
    assertThat(root.get("packages")).isEmpty();
  }

  @Test
  void summaryCountsTheMixedScenario() throws Exception {
    JsonNode summary = parse(Scenarios.mixed()).get("summary");

    assertThat(summary.toString())
        .isEqualTo(
            "{\"total\":5,\"compatible\":1,\"skipped\":1,\"unknown\":1,\"gil-reenabled\":1,"
                + "\"incompatible\":1}");
  }

  @Test
  void absentValuesAreNull() throws Exception {
    JsonNode packages = parse(Scenarios.mixed()).get("packages");
    JsonNode skipped = packages.get(1);
    JsonNode incompatible = packages.get(3);

    assertThat(skipped.get("name").asText()).isEqualTo("local-pkg");
    assertThat(skipped.get("version").isNull()).isTrue();
    assertThat(skipped.get("file").isNull()).isTrue();
    assertThat(skipped.get("probe").isNull()).isTrue();
    assertThat(incompatible.get("name").asText()).isEqualTo("pyyaml");
    assertThat(incompatible.get("remediation").get(0).get("version").asText()).isEqualTo("6.0.2");
    assertThat(packages.get(0).get("remediation").get(0).get("version").isNull()).isTrue();
  }

  @Test
  void stringsAreEscapedAsJson() throws Exception {
    String rendered = format.render(Scenarios.mixed());
    JsonNode probe = new ObjectMapper().readTree(rendered).get("packages").get(0).get("probe");

    assertThat(probe.get("output").asText())
        .isEqualTo(
            "<script>alert('owned')</script> & RuntimeWarning: The global interpreter lock (GIL)"
                + " has been enabled\n  line 2 \"quoted\"");
    assertThat(rendered).contains("\\n  line 2 \\\"quoted\\\"");
  }
}
