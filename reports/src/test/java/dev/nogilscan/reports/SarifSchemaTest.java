package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SARIF report against the official OASIS SARIF 2.1.0 schema (errata 01), committed as {@code
 * src/test/resources/sarif/sarif-schema-2.1.0.json}; where it came from is in {@code PROVENANCE.md}
 * beside it.
 */
class SarifSchemaTest {
  private static final String SCHEMA = "/sarif/sarif-schema-2.1.0.json";
  private static final String SHA256 =
      "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e";

  private static byte[] schemaBytes;
  private static JsonSchemas schema;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = SarifSchemaTest.class.getResourceAsStream(SCHEMA)) {
      assertThat(in).as(SCHEMA).isNotNull();
      schemaBytes = in.readAllBytes();
    }
    schema = JsonSchemas.of(new String(schemaBytes, StandardCharsets.UTF_8));
  }

  @Test
  void theSchemaIsTheOfficialFileUnchanged() throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(schemaBytes));

    assertThat(sha).isEqualTo(SHA256);
    assertThat(Files.readString(Path.of("src/test/resources/sarif/PROVENANCE.md")))
        .contains(SHA256);
    JsonNode node = JsonSchemas.JSON.readTree(schemaBytes);
    assertThat(node.path("id").asText())
        .isEqualTo(
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
  }

  static Stream<Path> goldenSarif() throws Exception {
    try (Stream<Path> files = Files.list(GoldenFiles.DIR)) {
      List<Path> sarif = files.filter(f -> f.toString().endsWith(".sarif")).sorted().toList();
      assertThat(sarif).as("golden SARIF files").isNotEmpty();
      return sarif.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenSarif")
  void everyGoldenSarifReportIsValid(Path golden) throws Exception {
    assertThat(schema.violations(Files.readString(golden))).isEmpty();
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyRandomisedSarifReportIsValid(long seed) throws Exception {
    String sarif = new SarifFormat().render(RandomReports.report(seed));

    assertThat(schema.violations(sarif)).as("seed %d:\n%s", seed, sarif).isEmpty();
  }

  @Test
  void originsBecomeUriReferencesAndLinesOnlyRealLines() {
    assertThat(SarifFormat.artifactUri("requirements.txt")).isEqualTo("requirements.txt");
    assertThat(SarifFormat.artifactUri("sub dir/req dev.txt")).isEqualTo("sub%20dir/req%20dev.txt");
    assertThat(SarifFormat.artifactUri("r\u00e9q#1?.txt")).isEqualTo("r%C3%A9q%231%3F.txt");
    assertThat(SarifFormat.artifactUri("weird:name.txt")).isEqualTo("weird%3Aname.txt");
    assertThat(SarifFormat.artifactUri("C:\\work\\req s.txt"))
        .isEqualTo("file:///C:/work/req%20s.txt");
    assertThat(SarifFormat.artifactUri("/abs/pyproject.toml"))
        .isEqualTo("file:///abs/pyproject.toml");
    assertThat(Origins.parse("file.txt:0")).contains(new Origins.Location("file.txt", 0));
    assertThat(Origins.parse("file.txt:99999999999")).contains(new Origins.Location("file.txt", 0));
    assertThat(Origins.parse("file.txt:7")).contains(new Origins.Location("file.txt", 7));
  }

  @Test
  void theSchemaRejectsABrokenLog() throws Exception {
    // the validator really applies this schema: a log SARIF forbids must fail where it is wrong
    ObjectNode log =
        (ObjectNode) JsonSchemas.JSON.readTree(new SarifFormat().render(Scenarios.mixed()));
    assertThat(schema.violations(log)).isEmpty();
    ObjectNode result = (ObjectNode) log.at("/runs/0/results/0");
    ((ObjectNode) result.at("/locations/0/physicalLocation/region")).put("startLine", 0);
    result.put("level", "fatal");
    log.put("version", "2.0.0");

    assertThat(schema.violations(log))
        .anySatisfy(v -> assertThat(v).startsWith("/version: "))
        .anySatisfy(v -> assertThat(v).startsWith("/runs/0/results/0/level: "))
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith(
                        "/runs/0/results/0/locations/0/physicalLocation/region/startLine: "));
  }
}
