package dev.nogilscan.scanner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.reports.ReportSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nogil-scan schema} through the real CLI entry point. */
class SchemaCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()),
            dir);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void printsTheReportSchemaByDefault() throws Exception {
    Run r = run("schema");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(ReportSchema.text());
    JsonNode schema = new ObjectMapper().readTree(r.out());
    assertThat(schema.path("$id").asText())
        .isEqualTo("https://nogil-scan.dev/schema/report-1.schema.json");
    assertThat(run("schema", "report").out()).isEqualTo(r.out());
  }

  @Test
  void printsTheCompatDbSchemaAndWritesToAFile() throws Exception {
    Path file = dir.resolve("db.schema.json");
    Run r = run("schema", "compat-db", "-o", file.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(new ObjectMapper().readTree(Files.readString(file)).path("$id").asText())
        .isEqualTo("https://nogil-scan.dev/schema/compat-db-1.schema.json");
  }

  @Test
  void anUnknownNameIsAUsageErrorListingTheChoices() {
    Run r = run("schema", "sarif");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("NAME: expected one of report, compat-db but found 'sarif'");
  }
}
