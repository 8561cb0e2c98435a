package dev.nogilscan.scanner.resolve;

import static dev.nogilscan.scanner.resolve.FakeIndex.versions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constraints (pip's {@code -c}) reach every package of the resolution, dependencies included, and
 * never add one; {@code --hash} values choose among a release's files as pip's finder does.
 */
class ResolverConstraintsTest {
  static final TargetEnvironment TARGET = TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64");

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final FakeIndex index = new FakeIndex();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Resolver resolver() {
    return resolver(true);
  }

  /** Without dependencies: the sdists of the hash tests have no metadata to read. */
  private Resolver resolver(boolean followDependencies) {
    return index.resolver(TARGET, tmp, pool, followDependencies);
  }

  private static Resolver.Root root(String text, String origin) {
    return new Resolver.Root(Requirement.parse(text), origin);
  }

  private void appWithTransitiveShared() {
    index
        .release("app", "1.0", "lib>=1")
        .release("lib", "1.0", "shared")
        .release("lib", "2.0", "shared>=1")
        .release("shared", "1.0")
        .release("shared", "1.5")
        .release("shared", "2.0")
        .release("unrelated", "1.0");
  }

  @Test
  void aConstraintNarrowsATransitiveDependency() {
    appWithTransitiveShared();
    Resolution r =
        resolver().resolve(List.of(root("app", "r.txt:1")), List.of(root("shared<2", "c.txt:1")));
    assertThat(versions(r))
        .containsExactly(
            Map.entry("app", "1.0"), Map.entry("lib", "2.0"), Map.entry("shared", "1.5"));
    ResolvedPackage shared =
        r.packages().stream()
            .filter(p -> p.candidate().name().normalized().equals("shared"))
            .findFirst()
            .orElseThrow();
    assertThat(shared.notes()).contains("constrained by c.txt:1: shared<2");
    assertThat(shared.requiredBy()).extracting(Parent::label).containsExactly("lib 2.0");
  }

  @Test
  void withoutTheConstraintTheSameInputsTakeTheNewest() {
    appWithTransitiveShared();
    assertThat(versions(resolver().resolve(List.of(root("app", "r.txt:1")), List.of())))
        .containsEntry("shared", "2.0");
  }

  @Test
  void aConstraintNeverAddsAPackage() {
    appWithTransitiveShared();
    Resolution r =
        resolver()
            .resolve(List.of(root("app", "r.txt:1")), List.of(root("unrelated==1.0", "c.txt:2")));
    assertThat(versions(r)).doesNotContainKey("unrelated");
  }

  @Test
  void aConstraintWhoseMarkerIsFalseForTheTargetIsIgnored() {
    appWithTransitiveShared();
    Resolution r =
        resolver()
            .resolve(
                List.of(root("app", "r.txt:1")),
                List.of(root("shared<2 ; python_version < \"3.10\"", "c.txt:1")));
    assertThat(versions(r)).containsEntry("shared", "2.0");
  }

  @Test
  void aConstraintMakesTheResolverBacktrackIntoAnOlderParent() {
    index
        .release("app", "1.0", "lib")
        .release("lib", "1.0", "shared<2")
        .release("lib", "2.0", "shared>=2")
        .release("shared", "1.0")
        .release("shared", "2.0");
    Resolution r =
        resolver().resolve(List.of(root("app", "r.txt:1")), List.of(root("shared<2", "c.txt:1")));
    assertThat(versions(r)).containsEntry("lib", "1.0").containsEntry("shared", "1.0");
  }

  @Test
  void aConstraintThatNoReleaseSatisfiesIsAConflictNamingItsLine() {
    appWithTransitiveShared();
    assertThatThrownBy(
            () ->
                resolver()
                    .resolve(
                        List.of(root("app", "r.txt:1")), List.of(root("shared>=3", "c.txt:4"))))
        .isInstanceOf(ResolutionException.class)
        .hasMessage(
            "cannot resolve: no version of shared satisfies all of:\n"
                // the last parent tried, after backtracking from lib 2.0
                + "  shared  (required by lib 1.0 \u2190 app 1.0 \u2190 r.txt:1)\n"
                + "  shared>=3  (constraint from c.txt:4)\n"
                + "  versions on the index: 1.0, 1.5, 2.0");
  }

  @Test
  void aConstraintThatAllowsAPreReleaseLetsOneBeChosen() {
    index.release("app", "1.0", "beta").release("beta", "1.0").release("beta", "2.0b1");
    assertThat(
            versions(
                resolver()
                    .resolve(List.of(root("app", "r.txt:1")), List.of(root("beta>=2.0b1", "c:1")))))
        .containsEntry("beta", "2.0b1");
  }

  @Test
  void hashesChooseTheFileThatMatchesAmongTheInstallableOnes() {
    String wheelSha = "a".repeat(64);
    String sdistSha = "b".repeat(64);
    index
        .file("pkg", "1.0", "pkg-1.0-py3-none-any.whl", wheelSha)
        .file("pkg", "1.0", "pkg-1.0.tar.gz", sdistSha);
    Resolution onlySdist =
        resolver(false)
            .resolve(
                List.of(
                    new Resolver.Root(Requirement.parse("pkg==1.0"), "r:1", List.of(sdistSha))));
    assertThat(onlySdist.packages().get(0).candidate().file().filename())
        .isEqualTo("pkg-1.0.tar.gz");
    assertThat(onlySdist.packages().get(0).candidate().hashes()).containsExactly(sdistSha);
    Resolution none =
        resolver(false)
            .resolve(
                List.of(
                    new Resolver.Root(
                        Requirement.parse("pkg==1.0"), "r:1", List.of("c".repeat(64)))));
    // nothing matches: pip keeps its choice and the download fails the check
    assertThat(none.packages().get(0).candidate().file().filename())
        .isEqualTo("pkg-1.0-py3-none-any.whl");
    assertThat(none.packages().get(0).candidate().hashes()).containsExactly("c".repeat(64));
  }

  @Test
  void aConstraintsHashesNarrowTheRequirementsAndDisjointOnesAllowNothing() {
    String wheelSha = "a".repeat(64);
    String sdistSha = "b".repeat(64);
    index
        .file("pkg", "1.0", "pkg-1.0-py3-none-any.whl", wheelSha)
        .file("pkg", "1.0", "pkg-1.0.tar.gz", sdistSha);
    Resolution both =
        resolver(false)
            .resolve(
                List.of(
                    new Resolver.Root(
                        Requirement.parse("pkg==1.0"), "r:1", List.of(wheelSha, sdistSha))),
                List.of(
                    new Resolver.Root(Requirement.parse("pkg==1.0"), "c:1", List.of(sdistSha))));
    assertThat(both.packages().get(0).candidate().hashes()).containsExactly(sdistSha);
    Resolution disjoint =
        resolver(false)
            .resolve(
                List.of(new Resolver.Root(Requirement.parse("pkg==1.0"), "r:1", List.of(wheelSha))),
                List.of(
                    new Resolver.Root(Requirement.parse("pkg==1.0"), "c:1", List.of(sdistSha))));
    assertThat(disjoint.packages().get(0).candidate().hashes())
        .containsExactly(Resolver.NO_HASH_ALLOWED);
  }
}
