package dev.nogilscan.reports;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The ordered registry of {@link ReportFormat}s; CLI choices and golden tests derive from it. */
public final class ReportFormats {
  public static final List<ReportFormat> ALL =
      List.of(
          new JsonFormat(),
          new HtmlFormat(),
          new MarkdownFormat(),
          new JunitFormat(),
          new SarifFormat(),
          new ConsoleFormat());

  private ReportFormats() {}

  public static Optional<ReportFormat> named(String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The format a file name's extension selects, e.g. {@code report.html}. */
  public static Optional<ReportFormat> forFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String ext = name.substring(dot + 1);
    return ALL.stream().filter(f -> f.extensions().contains(ext)).findFirst();
  }

  /** The names, for help text and error messages. */
  public static List<String> names() {
    return ALL.stream().map(ReportFormat::name).toList();
  }
}
