package dev.nogilscan.reports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report says about one package.
 *
 * @param name the normalised project name (PEP 503)
 * @param version the version assessed, when one was chosen
 * @param requirement the requirement as the user wrote it
 * @param origins where it was required, e.g. {@code requirements.txt:4}
 * @param direct true when named by an input, false when pulled in by another package
 * @param status the verdict
 * @param reason one line saying why
 * @param file the distribution file assessed, e.g. {@code numpy-2.1.0-cp313-cp313t-...whl}
 * @param kind {@code pure}, {@code native} or {@code unknown}
 * @param evidence what the verdict rests on, in the order it was gathered
 * @param remediation what to do, best first
 * @param chain who requires it, nearest first, ending at an input line
 * @param probe the import probe, when one ran or was skipped with a reason
 */
public record PackageReport(
    String name,
    Optional<String> version,
    String requirement,
    List<String> origins,
    boolean direct,
    Status status,
    String reason,
    Optional<String> file,
    String kind,
    List<Evidence> evidence,
    List<Remediation> remediation,
    List<String> chain,
    Optional<ProbeReport> probe) {
  public PackageReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    origins = List.copyOf(origins);
    evidence = List.copyOf(evidence);
    remediation = List.copyOf(remediation);
    chain = List.copyOf(chain);
  }

  /** {@code name 1.0} or just {@code name}. */
  public String label() {
    return version.map(v -> name + " " + v).orElse(name);
  }
}
