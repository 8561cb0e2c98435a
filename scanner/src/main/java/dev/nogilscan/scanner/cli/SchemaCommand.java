package dev.nogilscan.scanner.cli;

import dev.nogilscan.compatdb.CompatDatabase;
import dev.nogilscan.reports.ReportSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nogil-scan schema report|compat-db}: prints the JSON Schema a file this tool writes is
 * valid against, exactly as bundled in the jar, so CI can validate reports without the network.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print the JSON Schema of a file nogil-scan writes.",
      "report: the JSON report (scan --json, --format json);"
          + " compat-db: a compatibility-database snapshot (db update, db export)."
    })
final class SchemaCommand implements Callable<Integer> {
  private static final Map<String, Supplier<String>> SCHEMAS = schemas();

  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      defaultValue = "report",
      description = "report (default) or compat-db")
  String name;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write it to FILE instead of standard output.")
  Path output;

  SchemaCommand(Context context) {
    this.context = context;
  }

  private static Map<String, Supplier<String>> schemas() {
    Map<String, Supplier<String>> m = new LinkedHashMap<>();
    m.put("report", ReportSchema::text);
    m.put("compat-db", SchemaCommand::compatDbSchema);
    return m;
  }

  @Override
  public Integer call() throws IOException {
    Supplier<String> schema = SCHEMAS.get(name);
    if (schema == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "NAME: expected one of "
              + String.join(", ", SCHEMAS.keySet())
              + " but found '"
              + name
              + "'");
    }
    String text = schema.get();
    if (output == null) {
      context.out().print(text);
      context.out().flush();
    } else {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    }
    return ExitCode.OK.code();
  }

  private static String compatDbSchema() {
    String resource = "/dev/nogilscan/compatdb/compat-db.schema.json";
    try (InputStream in = CompatDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the schema " + resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
