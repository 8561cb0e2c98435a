package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScanReportTest {
  private static PackageReport pkg(String name, String version, String requirement, Status s) {
    return new PackageReport(
        name,
        Optional.ofNullable(version),
        requirement,
        List.of(),
        true,
        s,
        "r",
        Optional.empty(),
        "pure",
        List.of(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  @Test
  void packagesAreSortedByNameVersionRequirement() {
    ScanReport report =
        Scenarios.report(
            List.of(),
            List.of(
                pkg("b", "1.0", "b==1.0", Status.COMPATIBLE),
                pkg("a", "2.0", "a==2.0", Status.COMPATIBLE),
                pkg("a", null, "-e ./a", Status.SKIPPED),
                pkg("a", "1.0", "a>=1 ; extra == 'x'", Status.COMPATIBLE),
                pkg("a", "1.0", "a==1.0", Status.COMPATIBLE)));

    assertThat(report.packages())
        .extracting(PackageReport::requirement)
        .containsExactly("-e ./a", "a==1.0", "a>=1 ; extra == 'x'", "a==2.0", "b==1.0");
  }

  @Test
  void countsEveryStatusIncludingZeros() {
    ScanReport report =
        Scenarios.report(
            List.of(),
            List.of(
                pkg("a", "1", "a", Status.UNKNOWN),
                pkg("b", "1", "b", Status.UNKNOWN),
                pkg("c", "1", "c", Status.INCOMPATIBLE)));

    assertThat(report.counts())
        .containsExactly(
            Map.entry(Status.COMPATIBLE, 0),
            Map.entry(Status.SKIPPED, 0),
            Map.entry(Status.UNKNOWN, 2),
            Map.entry(Status.GIL_REENABLED, 0),
            Map.entry(Status.INCOMPATIBLE, 1));
  }

  @Test
  void reachingAGate() {
    ScanReport report = Scenarios.mixed();

    assertThat(report.reaching(Status.INCOMPATIBLE))
        .extracting(PackageReport::name)
        .containsExactly("pyyaml");
    assertThat(report.reaching(Status.GIL_REENABLED))
        .extracting(PackageReport::name)
        .containsExactly("legacy-ext", "pyyaml");
    assertThat(report.reaching(Status.UNKNOWN))
        .extracting(PackageReport::name)
        .containsExactly("legacy-ext", "local-pkg", "mystery", "pyyaml");
    assertThat(report.reaching(Status.COMPATIBLE)).hasSize(5);
  }

  @Test
  void listsAreCopied() {
    List<String> inputs = new java.util.ArrayList<>(List.of("requirements.txt"));
    ScanReport report = Scenarios.report(inputs, List.of());
    inputs.add("other.txt");

    assertThat(report.inputs()).containsExactly("requirements.txt");
    assertThatThrownBy(() -> report.packages().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void labelIsNameAndVersion() {
    assertThat(pkg("numpy", "2.1.0", "numpy", Status.COMPATIBLE).label()).isEqualTo("numpy 2.1.0");
    assertThat(pkg("numpy", null, "numpy", Status.COMPATIBLE).label()).isEqualTo("numpy");
  }

  @Test
  void requiredFieldsAreChecked() {
    assertThatThrownBy(() -> new Evidence("probe", null, ""))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("detail");
    assertThatThrownBy(() -> pkg("a", "1", "a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("status");
  }
}
