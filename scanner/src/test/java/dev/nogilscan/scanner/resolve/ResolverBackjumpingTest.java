package dev.nogilscan.scanner.resolve;

import static dev.nogilscan.scanner.resolve.FakeIndex.versions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conflict sends the search back to a pin it depends on, past the unrelated pins in between, and
 * never past one it depends on: the extras another package asked for count too.
 */
class ResolverBackjumpingTest {
  static final TargetEnvironment TARGET = TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64");

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final FakeIndex index = new FakeIndex();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Resolution resolve(String... requirements) {
    List<Resolver.Root> roots = new ArrayList<>();
    for (int i = 0; i < requirements.length; i++) {
      roots.add(new Resolver.Root(Requirement.parse(requirements[i]), "r.txt:" + (i + 1)));
    }
    return index.resolver(TARGET, tmp, pool, true).resolve(roots);
  }

  @Test
  void aConflictJumpsBackOverUnrelatedPinsToTheOneItDependsOn() {
    // Every c wants a<2, found only after a 2.0 and twelve unrelated b's are pinned. Going back
    // one pin at a time would try the 3^12 = 531,441 combinations of b's first (and give up at
    // 50,000 attempts); the conflict names a, so the search goes straight back to it.
    index.release("a", "1.0").release("a", "2.0");
    List<String> roots = new ArrayList<>(List.of("a"));
    for (int i = 1; i <= 12; i++) {
      for (String v : List.of("1.0", "2.0", "3.0")) {
        index.release("b" + i, v);
      }
      roots.add("b" + i);
    }
    index.release("c", "1.0", "a<2").release("c", "2.0", "a<2");
    roots.add("c");

    Map<String, String> got = versions(resolve(roots.toArray(String[]::new)));

    assertThat(got).containsEntry("a", "1.0").containsEntry("c", "2.0").hasSize(14);
    for (int i = 1; i <= 12; i++) {
      assertThat(got).containsEntry("b" + i, "3.0");
    }
  }

  @Test
  void aRequirementOfAnExtraDependsOnThePinThatAskedForTheExtra() {
    // q<1 comes from w[e], and w's extra e is asked for by x 2.0 only: the conflict on q depends
    // on x as much as on w, so the search must try x 1.0 rather than jump past it to w and fail.
    index
        .release("w", "1.0", "q<1; extra == \"e\"")
        .release("x", "1.0")
        .release("x", "2.0", "w[e]")
        .release("f1", "1.0")
        .release("f1", "2.0")
        .release("f2", "1.0")
        .release("f2", "2.0")
        .release("q", "1.0")
        .release("q", "2.0");

    assertThat(versions(resolve("w", "x", "f1", "f2", "q")))
        .containsExactly(
            Map.entry("f1", "2.0"),
            Map.entry("f2", "2.0"),
            Map.entry("q", "2.0"),
            Map.entry("w", "1.0"),
            Map.entry("x", "1.0"));
  }

  @Test
  void givingUpNamesWhatWasTriedMostAndAConflict() {
    // Every a wants a b below all of b's releases, and b is pinned first: each of 250 b's meets
    // each of 250 a's (62,500 tries, past the limit), since the conflict truly depends on both.
    for (int i = 1; i <= 250; i++) {
      index.release("b", i + ".0").release("a", i + ".0", "b<1");
    }

    assertThatThrownBy(() -> resolve("b", "a"))
        .isInstanceOf(ResolutionException.class)
        .hasMessageStartingWith(
            "resolution gave up after 50000 attempts: the requirements are too loose to settle;"
                + " pin some of them. Releases tried most: a (49800), b (200); the deepest"
                + " conflict it met: cannot resolve: no version of b satisfies all of:");
  }

  /** A release whose metadata cannot be read: its dependencies are unknown, as an old sdist's. */
  private void unreadable(String name, String version) {
    index.release(name, version);
    index.metadata.put(
        "https://files.example/" + name + "-" + version + "-py3-none-any.whl",
        "Metadata-Version: 2.1\n"); // no Name: unreadable
  }

  @Test
  void anOlderReleaseWithUnknownDependenciesIsNoWayOutOfAConflict() {
    // boto3 and aiobotocore on PyPI: every aiobotocore with known dependencies wants an older
    // core than the newest b; the one whose dependencies are unknown must not settle it, as pip
    // (which builds it and learns them) backtracks b instead.
    index
        .release("b", "1.0", "core==1.0")
        .release("b", "2.0", "core==2.0")
        .release("a", "2.0", "core==1.0")
        .release("a", "3.0", "core==1.0")
        .release("core", "1.0")
        .release("core", "2.0");
    unreadable("a", "1.0");

    assertThat(versions(resolve("b", "a")))
        .containsExactly(Map.entry("a", "3.0"), Map.entry("b", "1.0"), Map.entry("core", "1.0"));
  }

  @Test
  void aReleaseWithUnknownDependenciesIsTakenWhenNewestOrWhenNothingElseFits() {
    unreadable("x", "2.0");
    index.release("x", "1.0");
    index.release("a", "2.0", "core==9").release("core", "1.0");
    unreadable("a", "1.0");

    Resolution r = resolve("x", "a");

    assertThat(versions(r)).containsExactly(Map.entry("a", "1.0"), Map.entry("x", "2.0"));
    assertThat(r.packages())
        .allSatisfy(
            p -> assertThat(p.notes()).anyMatch(n -> n.startsWith("dependencies unknown: ")));
  }

  @Test
  void aLongListOfVersionsIsShortenedInTheMiddle() {
    List<String> versions = new ArrayList<>();
    for (int i = 1; i <= 2000; i++) {
      versions.add("1." + i);
    }
    assertThat(Resolver.shortened(versions, ", ", 3, 10))
        .isEqualTo(
            "1.1, 1.2, 1.3, … 1987 more …, 1.1991, 1.1992, 1.1993, 1.1994, 1.1995, 1.1996, 1.1997,"
                + " 1.1998, 1.1999, 1.2000");
    assertThat(Resolver.shortened(versions.subList(0, 14), ", ", 3, 10))
        .isEqualTo(String.join(", ", versions.subList(0, 14)));
    assertThat(Resolver.shortened(versions.subList(0, 12), "; ", 10, 0))
        .isEqualTo(String.join("; ", versions.subList(0, 10)) + "; … 2 more …");
  }

  @Test
  void whenNoPinCanHelpTheConflictIsExplainedWithItsLines() {
    index
        .release("a", "1.0", "z>=2")
        .release("a", "2.0", "z>=2")
        .release("b", "1.0")
        .release("b", "2.0")
        .release("z", "1.0")
        .release("z", "2.0");

    assertThatThrownBy(() -> resolve("z<2", "b", "a"))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("no version of z satisfies all of:")
        .hasMessageContaining("z<2  (required by r.txt:1)")
        .hasMessageContaining("z>=2  (required by a ");
  }
}
