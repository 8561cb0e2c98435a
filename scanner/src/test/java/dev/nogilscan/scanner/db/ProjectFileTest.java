package dev.nogilscan.scanner.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.CompatDbException;
import dev.nogilscan.compatdb.Overrides;
import dev.nogilscan.scanner.input.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFileTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("nogil-scan.toml"), text);
  }

  @Test
  void readsOverridesAndSuppressionsWithTomlDates() throws IOException {
    Path f =
        write(
            """
            [tool]
            unrelated = true

            [[override]]
            package = "PyYAML"
            status = "known-good"
            versions = ">=6.0.2"
            reason = "tested in CI on 3.14t"

            [[suppress]]
            package = "legacy-lib"
            reason = "replaced in Q1"
            expires = 2026-11-01

            [[suppress]]
            package = "other"
            reason = "quoted date"
            expires = "2027-01-31"
            """);
    Overrides o = ProjectFile.read(f);
    assertThat(o.overrides()).hasSize(1);
    assertThat(o.overrides().get(0).name().normalized()).isEqualTo("pyyaml");
    assertThat(o.suppressions())
        .extracting(s -> s.expires().toString())
        .containsExactly("2026-11-01", "2027-01-31");
    assertThat(o.suppressions().get(0).isExpired(LocalDate.of(2026, 11, 27))).isTrue();
    assertThat(o.suppressions().get(1).source()).isEqualTo(f + ": $.suppress[1]");
  }

  @Test
  void badTableNamesThePathInsideTheFile() throws IOException {
    Path f =
        write(
            """
            [[override]]
            package = "numpy"
            status = "broken"
            reason = "x"
            """);
    assertThatThrownBy(() -> ProjectFile.read(f))
        .isInstanceOf(CompatDbException.class)
        .hasMessage(
            f + ": $.override[0].status: expected one of known-good, known-bad but found 'broken'");
  }

  @Test
  void tomlSyntaxErrorNamesTheLine() throws IOException {
    Path f = write("[[override]]\npackage = \n");
    assertThatThrownBy(() -> ProjectFile.read(f))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(f + ":2:")
        .hasMessageContaining("not valid TOML");
  }
}
