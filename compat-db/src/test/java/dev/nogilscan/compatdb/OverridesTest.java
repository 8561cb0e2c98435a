package dev.nogilscan.compatdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.compatdb.pep.Version;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OverridesTest {
  private static Overrides read(String json) throws Exception {
    return Overrides.fromTree(new ObjectMapper().readTree(json), "nogil-scan.toml");
  }

  @Test
  void readsOverridesAndSuppressions() throws Exception {
    Overrides o =
        read(
            """
            {"tool": {"other": 1},
             "override": [{"package": "PyYAML", "status": "known-good", "versions": ">=6.0.2", "reason": "tested"}],
             "suppress": [
               {"package": "legacy", "reason": "replaced in Q1", "expires": "2026-12-31"},
               {"package": "old", "reason": "gone soon", "expires": "2026-11-01"}
             ]}
            """);
    PackageOverride p = o.overrides().get(0);
    assertThat(p.name()).isEqualTo(PackageName.of("pyyaml"));
    assertThat(p.good()).isTrue();
    assertThat(p.appliesTo(Version.parse("6.0.2"))).isTrue();
    assertThat(p.appliesTo(Version.parse("6.0.1"))).isFalse();
    assertThat(p.source()).isEqualTo("nogil-scan.toml: $.override[0]");

    CompatDatabase db = CompatDatabaseTest.db().withOverrides(o);
    LocalDate today = LocalDate.of(2026, 11, 27);
    assertThat(db.expiredSuppressions(today))
        .extracting(s -> s.name().normalized())
        .containsExactly("old");
    assertThat(db.activeSuppression(PackageName.of("legacy"), today)).isPresent();
    assertThat(db.activeSuppression(PackageName.of("legacy"), LocalDate.of(2026, 12, 31)))
        .isPresent();
    assertThat(db.activeSuppression(PackageName.of("legacy"), LocalDate.of(2027, 1, 1))).isEmpty();
    assertThat(db.activeSuppression(PackageName.of("old"), today)).isEmpty();
  }

  @Test
  void emptyFileHasNothing() throws Exception {
    assertThat(read("{}").overrides()).isEmpty();
    assertThat(read("{}").suppressions()).isEmpty();
  }

  private static void assertMalformed(String json, String message) {
    assertThatThrownBy(() -> read(json)).isInstanceOf(CompatDbException.class).hasMessage(message);
  }

  @Test
  void malformedEntriesNameThePath() {
    assertMalformed(
        "{\"override\": {\"package\": \"x\"}}",
        "nogil-scan.toml: $.override: expected an array but found an object");
    assertMalformed(
        "{\"override\": [{\"package\": \"x\", \"status\": \"fine\", \"reason\": \"r\"}]}",
        "nogil-scan.toml: $.override[0].status: expected one of known-good, known-bad but found 'fine'");
    assertMalformed(
        "{\"override\": [{\"package\": \"x\", \"status\": \"known-bad\"}]}",
        "nogil-scan.toml: $.override[0]: expected the key 'reason'");
    assertMalformed(
        "{\"override\": [{\"package\": \"x\", \"status\": \"known-bad\", \"reason\": \" \"}]}",
        "nogil-scan.toml: $.override[0].reason: expected a non-empty string");
    assertMalformed(
        "{\"override\": [{\"package\": \"-x-\", \"status\": \"known-bad\", \"reason\": \"r\"}]}",
        "nogil-scan.toml: $.override[0].package: expected a PEP 508 project name but found '-x-'");
    assertMalformed(
        "{\"override\": [{\"package\": \"x\", \"status\": \"known-bad\", \"reason\": \"r\", \"versions\": \"=>1\"}]}",
        "nogil-scan.toml: $.override[0].versions: expected PEP 440 version specifiers: "
            + org.assertj.core.api.Assertions.catchThrowable(
                    () -> dev.nogilscan.compatdb.pep.SpecifierSet.parse("=>1"))
                .getMessage());
    assertMalformed(
        "{\"suppress\": [{\"package\": \"x\", \"reason\": \"r\", \"expires\": \"soon\"}]}",
        "nogil-scan.toml: $.suppress[0].expires: expected a date YYYY-MM-DD but found 'soon'");
    assertMalformed(
        "{\"suppress\": [{\"package\": \"x\", \"reason\": \"r\", \"expires\": 20261231}]}",
        "nogil-scan.toml: $.suppress[0].expires: expected a date YYYY-MM-DD but found the number 20261231");
    assertMalformed(
        "{\"suppress\": [{\"package\": \"x\", \"reason\": \"r\", \"expires\": \"2026-12-31\", \"until\": 1}]}",
        "nogil-scan.toml: $.suppress[0].until: unknown key 'until'; expected one of package, reason, expires");
  }
}
