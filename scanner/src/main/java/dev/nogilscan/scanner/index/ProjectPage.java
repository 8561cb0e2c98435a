package dev.nogilscan.scanner.index;

import dev.nogilscan.compatdb.pep.PackageName;
import java.util.List;

/**
 * A project's page on a simple repository (PEP 503 / PEP 691).
 *
 * @param name the project
 * @param url the page's URL (credentials removed)
 * @param format {@code json} (PEP 691) or {@code html} (PEP 503), whichever the index answered
 * @param files every file listed, in the index's order
 */
public record ProjectPage(
    PackageName name, String url, String format, List<DistributionFile> files) {
  public ProjectPage {
    files = List.copyOf(files);
  }
}
