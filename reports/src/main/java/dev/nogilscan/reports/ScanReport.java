package dev.nogilscan.reports;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one scan: the model every report format renders. Packages are kept sorted by name
 * then version, so output does not depend on the order work finished in.
 *
 * @param tool the tool and its version
 * @param generatedAt when the scan ran (from an injectable clock)
 * @param target the target interpreter, e.g. {@code 3.13t}
 * @param platform the target platform tag, e.g. {@code manylinux_2_36_x86_64}
 * @param probe how import probes ran: the interpreter used, or why none could run
 * @param inputs the inputs scanned, as the user named them
 * @param packages the verdicts
 * @param database the compatibility database consulted, e.g. {@code compat-db 2026.11.27
 *     (2026-11-27)}, or empty
 * @param bench the benchmark run ({@code scan --bench}), when one ran
 */
public record ScanReport(
    String tool,
    Instant generatedAt,
    String target,
    String platform,
    String probe,
    List<String> inputs,
    List<PackageReport> packages,
    String database,
    Optional<BenchReport> bench) {

  /** Version of the JSON report layout; bumped on any incompatible change. */
  public static final int SCHEMA_VERSION = 1;

  /** A report without a compatibility database. */
  public ScanReport(
      String tool,
      Instant generatedAt,
      String target,
      String platform,
      String probe,
      List<String> inputs,
      List<PackageReport> packages) {
    this(tool, generatedAt, target, platform, probe, inputs, packages, "", Optional.empty());
  }

  /** A report without a benchmark run. */
  public ScanReport(
      String tool,
      Instant generatedAt,
      String target,
      String platform,
      String probe,
      List<String> inputs,
      List<PackageReport> packages,
      String database) {
    this(tool, generatedAt, target, platform, probe, inputs, packages, database, Optional.empty());
  }

  public ScanReport {
    inputs = List.copyOf(inputs);
    packages =
        packages.stream()
            .sorted(
                Comparator.comparing(PackageReport::name)
                    .thenComparing(p -> p.version().orElse(""))
                    .thenComparing(PackageReport::requirement))
            .toList();
  }

  /** Count of packages per status, every status present (zero when none). */
  public Map<Status, Integer> counts() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    packages.forEach(p -> counts.merge(p.status(), 1, Integer::sum));
    return counts;
  }

  /** The packages that fail a gate at {@code level}. */
  public List<PackageReport> reaching(Status level) {
    return packages.stream().filter(p -> p.status().reaches(level)).toList();
  }
}
