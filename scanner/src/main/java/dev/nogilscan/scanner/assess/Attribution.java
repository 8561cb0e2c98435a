package dev.nogilscan.scanner.assess;

import dev.nogilscan.reports.Evidence;
import dev.nogilscan.reports.PackageReport;
import dev.nogilscan.reports.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attributes transitive blockers to the input lines that pull them in: every direct package gets
 * one evidence line per dependency of its line that re-enables the GIL or cannot be used, so a
 * reader of the direct package sees what stands in its way.
 */
public final class Attribution {
  private Attribution() {}

  public static List<PackageReport> attribute(List<PackageReport> reports) {
    Map<String, List<PackageReport>> blockersByLine = new LinkedHashMap<>();
    for (PackageReport r : reports) {
      if (!r.direct() && r.status().reaches(Status.GIL_REENABLED) && !r.chain().isEmpty()) {
        String line = r.chain().get(r.chain().size() - 1);
        blockersByLine.computeIfAbsent(line, k -> new ArrayList<>()).add(r);
      }
    }
    if (blockersByLine.isEmpty()) {
      return reports;
    }
    List<PackageReport> out = new ArrayList<>();
    for (PackageReport r : reports) {
      List<Evidence> added = new ArrayList<>();
      if (r.direct()) {
        for (String origin : r.origins()) {
          for (PackageReport b : blockersByLine.getOrDefault(origin, List.of())) {
            added.add(
                new Evidence(
                    "dependency",
                    "pulls in "
                        + b.label()
                        + ": "
                        + b.status().id()
                        + " ("
                        + String.join(" \u2190 ", b.chain())
                        + ")",
                    ""));
          }
        }
      }
      if (added.isEmpty()) {
        out.add(r);
      } else {
        List<Evidence> evidence = new ArrayList<>(r.evidence());
        evidence.addAll(added);
        out.add(
            new PackageReport(
                r.name(),
                r.version(),
                r.requirement(),
                r.origins(),
                r.direct(),
                r.status(),
                r.reason(),
                r.file(),
                r.kind(),
                evidence,
                r.remediation(),
                r.chain(),
                r.probe()));
      }
    }
    return out;
  }
}
