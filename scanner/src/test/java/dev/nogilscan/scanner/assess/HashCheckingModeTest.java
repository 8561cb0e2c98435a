package dev.nogilscan.scanner.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.scanner.input.InputException;
import dev.nogilscan.scanner.input.InputRequirement;
import dev.nogilscan.scanner.resolve.FakeIndex;
import dev.nogilscan.scanner.resolve.Resolver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pip's hash-checking mode as planning applies it: any {@code --hash} (or {@code --require-hashes})
 * requires every package of the resolution to come from a line pinned with {@code ==} that has
 * hashes; all offenders are listed in one input error, as pip lists them.
 */
class HashCheckingModeTest {
  static final TargetEnvironment TARGET = TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64");
  static final String APP = "a".repeat(64);
  static final String LIB = "b".repeat(64);

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final FakeIndex index =
      new FakeIndex()
          .file("app", "1.0", "app-1.0-py3-none-any.whl", APP, "lib>=1")
          .file("lib", "1.0", "lib-1.0-py3-none-any.whl", LIB);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private List<Subject> plan(boolean requireHashes, InputRequirement... inputs) {
    Resolver resolver = index.resolver(TARGET, tmp, pool, true);
    return new Planner(resolver, TARGET.markerEnvironment(), "3.13t")
        .plan(List.of(inputs), requireHashes);
  }

  private static InputRequirement line(String text, String origin, String... hashes) {
    return InputRequirement.of(text, origin, Requirement.parse(text))
        .withHashes(java.util.Arrays.stream(hashes).map(h -> "sha256:" + h).toList());
  }

  @Test
  void everyPackagePinnedWithItsHashesPassesAndCarriesThemToTheDownload() {
    List<Subject> subjects =
        plan(false, line("app==1.0", "r.txt:1", APP), line("lib==1.0", "r.txt:2", LIB));
    assertThat(subjects)
        .extracting(s -> s.candidate().orElseThrow().hashes())
        .containsExactlyInAnyOrder(List.of(APP), List.of(LIB));
  }

  @Test
  void aDependencyWithoutALineIsListedWithTheLineToAdd() {
    assertThatThrownBy(() -> plan(false, line("app==1.0", "r.txt:1", APP)))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "hash-checking mode (on because of --require-hashes or a --hash option, as in pip):\n"
                + "  every requirement must be pinned with ==; these are not:\n"
                + "    lib>=1  (required by app 1.0)");
  }

  @Test
  void unpinnedAndHashlessLinesAreAllListedTogether() {
    assertThatThrownBy(
            () -> plan(false, line("app>=1", "r.txt:1", APP), line("lib==1.0", "r.txt:2")))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "hash-checking mode (on because of --require-hashes or a --hash option, as in pip):\n"
                + "  every requirement must be pinned with ==; these are not:\n"
                + "    app>=1  (r.txt:1)\n"
                + "  every package installed needs a requirement line with its hashes; add lines"
                + " such as:\n"
                + "    lib==1.0 --hash=sha256:"
                + LIB
                + "  (r.txt:2)");
  }

  @Test
  void requireHashesTurnsTheModeOnWithoutAnyHash() {
    assertThatThrownBy(() -> plan(true, line("app==1.0", "r.txt:1"), line("lib==1.0", "r.txt:2")))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageContaining("    app==1.0 --hash=sha256:" + APP + "  (r.txt:1)")
        .hasMessageContaining("    lib==1.0 --hash=sha256:" + LIB + "  (r.txt:2)");
  }

  @Test
  void withoutAnyHashNothingIsRequired() {
    assertThat(plan(false, line("app>=1", "r.txt:1"))).hasSize(2);
  }

  @Test
  void aHashOnAConstraintTurnsTheModeOnAsInPip() {
    InputRequirement constraint = line("lib==1.0", "c.txt:1", LIB).asConstraint();
    assertThatThrownBy(() -> plan(false, line("app==1.0", "r.txt:1"), constraint))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageContaining("    app==1.0 --hash=sha256:" + APP + "  (r.txt:1)")
        .hasMessageContaining("    lib>=1  (required by app 1.0)");
  }

  @Test
  void anEditableLineCannotBeHashed() {
    assertThatThrownBy(
            () ->
                plan(
                    false,
                    line("app==1.0", "r.txt:1", APP),
                    line("lib==1.0", "r.txt:2", LIB),
                    InputRequirement.skipped("-e ./src", "r.txt:3", "editable requirement")))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageEndingWith(
            "  these lines cannot be checked against a sha256:\n    -e ./src  (r.txt:3)");
  }
}
