package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The published JSON Schema of the JSON report, and every JSON report against it. */
class ReportSchemaTest {
  private static JsonSchemas schema;

  @BeforeAll
  static void load() throws Exception {
    schema = JsonSchemas.of(ReportSchema.text());
  }

  @Test
  void theSchemaIsAValid2020_12SchemaWhoseIdEveryReportNames() throws Exception {
    JsonNode node = JsonSchemas.JSON.readTree(ReportSchema.text());
    JsonSchemas meta =
        JsonSchemas.of(
            "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"$ref\": \"https://json-schema.org/draft/2020-12/schema\"}");

    assertThat(meta.violations(node)).isEmpty();
    assertThat(node.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(node.path("$id").asText()).isEqualTo(ReportSchema.ID);
    assertThat(node.at("/properties/$schema/const").asText()).isEqualTo(ReportSchema.ID);
    assertThat(node.at("/properties/schemaVersion/const").asInt())
        .isEqualTo(ScanReport.SCHEMA_VERSION);
    JsonNode report = JsonSchemas.JSON.readTree(new JsonFormat().render(Scenarios.empty()));
    assertThat(report.path("$schema").asText()).isEqualTo(ReportSchema.ID);
  }

  @Test
  void theSchemaListsEveryFieldTheReportWritesAsRequired() throws Exception {
    // additionalProperties=false catches fields the schema lacks; this catches fields the schema
    // still requires but the report stopped writing, with a report where every part is present
    JsonNode node = JsonSchemas.JSON.readTree(ReportSchema.text());
    JsonNode report =
        JsonSchemas.JSON.readTree(new JsonFormat().render(NewFormatsTest.withBench()));
    assertThat(fieldNames(node.at("/required"))).containsExactlyElementsOf(fieldNamesOf(report));
    assertThat(fieldNames(node.at("/$defs/package/required")))
        .containsExactlyElementsOf(fieldNamesOf(report.at("/packages/0")));
    assertThat(fieldNames(node.at("/$defs/bench/required")))
        .containsExactlyElementsOf(fieldNamesOf(report.at("/bench")));
  }

  static Stream<Path> goldenJson() throws Exception {
    try (Stream<Path> files = Files.list(GoldenFiles.DIR)) {
      List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(json).as("golden JSON files").isNotEmpty();
      return json.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenJson")
  void everyGoldenJsonReportIsValid(Path golden) throws Exception {
    assertThat(schema.violations(Files.readString(golden))).isEmpty();
  }

  @Test
  void aReportWithABenchmarkIsValid() throws Exception {
    assertThat(schema.violations(new JsonFormat().render(NewFormatsTest.withBench()))).isEmpty();
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyRandomisedReportIsValid(long seed) throws Exception {
    String json = new JsonFormat().render(RandomReports.report(seed));

    assertThat(schema.violations(json)).as("seed %d:\n%s", seed, json).isEmpty();
  }

  static Stream<Arguments> brokenReports() {
    return Stream.of(
        broken("no summary", "", r -> r.remove("summary")),
        broken("schema version 2", "/schemaVersion", r -> r.put("schemaVersion", 2)),
        broken("another $schema", "/$schema", r -> r.put("$schema", "https://example.com/x.json")),
        broken("unknown top-level field", "", r -> r.put("extra", true)),
        broken("date not a date-time", "/generatedAt", r -> r.put("generatedAt", "yesterday")),
        broken("negative count", "/summary/unknown", r -> summary(r).put("unknown", -1)),
        broken("unknown status", "/packages/0/status", r -> first(r).put("status", "fine")),
        broken("direct as text", "/packages/0/direct", r -> first(r).put("direct", "yes")),
        broken("version left out", "/packages/0", r -> first(r).remove("version")),
        broken("empty version", "/packages/0/version", r -> first(r).put("version", "")),
        broken(
            "unknown probe outcome",
            "/packages/0/probe/outcome",
            r -> ((ObjectNode) first(r).get("probe")).put("outcome", "ok")),
        broken(
            "remediation without text",
            "/packages/0/remediation/0",
            r -> ((ObjectNode) first(r).withArray("remediation").get(0)).remove("text")),
        broken("packages not a list", "/packages", r -> r.putObject("packages")),
        broken("bench as text", "/bench", r -> r.put("bench", "fast")));
  }

  private static Arguments broken(String what, String where, Consumer<ObjectNode> damage) {
    return Arguments.of(what, where, damage);
  }

  private static ObjectNode summary(ObjectNode r) {
    return (ObjectNode) r.get("summary");
  }

  private static ObjectNode first(ObjectNode r) {
    return (ObjectNode) ((ArrayNode) r.get("packages")).get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenReports")
  void aBrokenReportIsInvalidAtTheDamagedPlace(
      String what, String where, Consumer<ObjectNode> damage) throws Exception {
    ObjectNode report =
        (ObjectNode) JsonSchemas.JSON.readTree(new JsonFormat().render(Scenarios.mixed()));
    assertThat(schema.violations(report)).as("undamaged").isEmpty();

    damage.accept(report);

    List<String> violations = schema.violations(report);
    assertThat(violations).as(what).isNotEmpty();
    assertThat(violations).as(what).anySatisfy(v -> assertThat(v).startsWith(where + ": "));
  }

  private static List<String> fieldNames(JsonNode array) {
    return Stream.of(JsonSchemas.JSON.convertValue(array, String[].class)).toList();
  }

  private static List<String> fieldNamesOf(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
