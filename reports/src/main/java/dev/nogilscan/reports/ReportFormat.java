package dev.nogilscan.reports;

import java.util.List;

/**
 * One output format. Implementations are stateless and render the whole report to a string; output
 * depends only on the report (no clock, no environment), so golden files can pin it.
 */
public interface ReportFormat {
  /** The name used with {@code --format}, e.g. {@code html}. */
  String name();

  /** File extensions that select this format for {@code -o FILE}, without the dot. */
  List<String> extensions();

  /** The report rendered, with {@code \n} line endings. */
  String render(ScanReport report);
}
