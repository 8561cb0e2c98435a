package dev.nogilscan.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The published JSON Schema (2020-12) of the JSON report, bundled as the resource {@value
 * #RESOURCE}. Every JSON report names it in its {@code $schema} field; {@code nogil-scan schema
 * report} prints it. The schema's version follows {@link ScanReport#SCHEMA_VERSION}: a new layout
 * version gets a new {@code $id}.
 */
public final class ReportSchema {
  /** The schema's {@code $id}, written as {@code $schema} into every JSON report. */
  public static final String ID =
      "https://nogil-scan.dev/schema/report-" + ScanReport.SCHEMA_VERSION + ".schema.json";

  /** Where the schema lies on the class path. */
  public static final String RESOURCE = "/dev/nogilscan/reports/report.schema.json";

  private ReportSchema() {}

  /**
   * The schema's text, exactly as shipped.
   *
   * @throws IllegalStateException when the resource is missing from the class path (a broken build)
   */
  public static String text() {
    try (InputStream in = ReportSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the report schema " + RESOURCE + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the report schema " + RESOURCE, e);
    }
  }
}
