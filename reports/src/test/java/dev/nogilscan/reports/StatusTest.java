package dev.nogilscan.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusTest {
  /** Rows: the package's status; columns: the --fail-on level. */
  @ParameterizedTest(name = "{0} reaches {1}: {2}")
  @CsvSource({
    "compatible, compatible, true",
    "compatible, skipped, false",
    "compatible, unknown, false",
    "compatible, gil-reenabled, false",
    "compatible, incompatible, false",
    "skipped, compatible, true",
    "skipped, skipped, true",
    "skipped, unknown, true",
    "skipped, gil-reenabled, false",
    "skipped, incompatible, false",
    "unknown, compatible, true",
    "unknown, skipped, true",
    "unknown, unknown, true",
    "unknown, gil-reenabled, false",
    "unknown, incompatible, false",
    "gil-reenabled, compatible, true",
    "gil-reenabled, skipped, true",
    "gil-reenabled, unknown, true",
    "gil-reenabled, gil-reenabled, true",
    "gil-reenabled, incompatible, false",
    "incompatible, compatible, true",
    "incompatible, skipped, true",
    "incompatible, unknown, true",
    "incompatible, gil-reenabled, true",
    "incompatible, incompatible, true",
  })
  void reaches(String status, String level, boolean expected) {
    Status s = Status.fromId(status).orElseThrow();
    Status l = Status.fromId(level).orElseThrow();

    assertThat(s.reaches(l)).isEqualTo(expected);
  }

  @Test
  void idsAreTheReportNames() {
    assertThat(Status.values())
        .extracting(Status::id)
        .containsExactly("compatible", "skipped", "unknown", "gil-reenabled", "incompatible");
    assertThat(Status.GIL_REENABLED).hasToString("gil-reenabled");
  }

  @Test
  void fromIdIsExact() {
    assertThat(Status.fromId("gil-reenabled")).contains(Status.GIL_REENABLED);
    assertThat(Status.fromId("GIL_REENABLED")).isEmpty();
    assertThat(Status.fromId("Compatible")).isEmpty();
    assertThat(Status.fromId("")).isEmpty();
  }

  @Test
  void severities() {
    assertThat(Status.values()).extracting(Status::severity).containsExactly(0, 1, 1, 2, 3);
  }
}
