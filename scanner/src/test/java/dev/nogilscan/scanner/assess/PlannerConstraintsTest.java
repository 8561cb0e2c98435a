package dev.nogilscan.scanner.assess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.scanner.input.InputRequirement;
import dev.nogilscan.scanner.resolve.FakeIndex;
import dev.nogilscan.scanner.resolve.Resolver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Constraint lines, planned: they reach dependencies, and a URL constraint is not assessed. */
class PlannerConstraintsTest {
  static final TargetEnvironment TARGET = TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64");

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final FakeIndex index =
      new FakeIndex()
          .release("app", "1.0", "lib")
          .release("lib", "1.0")
          .release("lib", "2.0")
          .release("other", "1.0");

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Map<String, Subject> plan(InputRequirement... inputs) {
    Resolver resolver = index.resolver(TARGET, tmp, pool, true);
    return new Planner(resolver, TARGET.markerEnvironment(), "3.13t")
        .plan(List.of(inputs)).stream().collect(Collectors.toMap(Subject::name, s -> s));
  }

  private static InputRequirement line(String text, String origin) {
    return InputRequirement.of(text, origin, Requirement.parse(text));
  }

  @Test
  void aConstraintLineNarrowsADependencyAndAddsNothing() {
    Map<String, Subject> s =
        plan(
            line("app", "r.txt:1"),
            line("lib<2", "c.txt:1").asConstraint(),
            line("other==1.0", "c.txt:2").asConstraint());
    assertThat(s).containsOnlyKeys("app", "lib");
    assertThat(s.get("lib").candidate().orElseThrow().version().toString()).isEqualTo("1.0");
    assertThat(s.get("lib").notes()).contains("constrained by c.txt:1: lib<2");
  }

  @Test
  void aPackageAUrlConstraintNamesIsSkippedWithTheConstraintsLine() {
    Map<String, Subject> s =
        plan(
            line("app", "r.txt:1"),
            line("lib @ https://example.org/lib-3.0.tar.gz", "c.txt:4").asConstraint());
    assertThat(s.get("lib").candidate()).isEmpty();
    assertThat(s.get("lib").skipReason())
        .contains(
            "constrained to a direct URL by c.txt:4 (pip installs that URL, not a release of the"
                + " index): not assessed yet");
    assertThat(s.get("app").candidate()).isPresent();
  }
}
