package dev.nogilscan.scanner.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.Requirement;
import dev.nogilscan.compatdb.pep.TargetEnvironment;
import dev.nogilscan.scanner.index.DistributionFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which release the resolver picks for one name, and what it says about those it passes over:
 * releases without a file for the target, pre-releases, yanked files, blockers, and the conflict
 * message listing them.
 */
class ResolverReleaseChoiceTest {
  static final TargetEnvironment TARGET = TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64");
  static final String WINDOWS_ONLY = "-cp313-cp313t-win_amd64.whl";

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final FakeIndex index = new FakeIndex();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Resolution resolve(String... requirements) {
    Resolver resolver = index.resolver(TARGET, tmp, pool, true);
    return resolver.resolve(
        java.util.Arrays.stream(requirements)
            .map(r -> new Resolver.Root(Requirement.parse(r), "r.txt:1"))
            .toList());
  }

  private static ResolvedPackage only(Resolution r, String name) {
    return r.packages().stream()
        .filter(p -> p.candidate().name().normalized().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private FakeIndex windowsOnly(String name, String version) {
    return index.file(name, version, name + "-" + version + WINDOWS_ONLY, null);
  }

  @Test
  void newerReleasesWithoutAFileForTheTargetArePassedOverAndNamed() {
    index.release("lib", "1.0").release("lib", "1.1");
    windowsOnly("lib", "2.0");
    windowsOnly("lib", "2.1");

    ResolvedPackage lib = only(resolve("lib"), "lib");

    assertThat(lib.candidate().version()).hasToString("1.1");
    assertThat(lib.candidate().installable()).isTrue();
    assertThat(lib.notes())
        .containsExactly(
            "newer releases passed over: 2.1: no file installable on 3.13t"
                + " manylinux_2_36_x86_64; 2.0: no file installable on 3.13t"
                + " manylinux_2_36_x86_64");
  }

  @Test
  void olderReleasesPassedOverAreNotMentioned() {
    windowsOnly("lib", "0.9");
    index.release("lib", "1.0");

    assertThat(only(resolve("lib"), "lib").notes()).isEmpty();
  }

  @Test
  void aPinBelowUninstallableNewerReleasesStillNamesThem() {
    index.release("lib", "1.0").release("lib", "1.5");
    windowsOnly("lib", "2.0");

    ResolvedPackage lib = only(resolve("lib==1.0"), "lib");

    assertThat(lib.candidate().version()).hasToString("1.0");
    assertThat(lib.notes())
        .containsExactly(
            "newer releases passed over: 2.0: no file installable on 3.13t manylinux_2_36_x86_64");
  }

  @Test
  void anEggOnlyReleaseIsPassedOverAsALegacyEgg() {
    index.release("lib", "1.0");
    index.file("lib", "2.0", "lib-2.0-py3.13.egg", null);

    ResolvedPackage lib = only(resolve("lib"), "lib");

    assertThat(lib.candidate().version()).hasToString("1.0");
    assertThat(lib.notes())
        .containsExactly(
            "newer releases passed over: 2.0: only a legacy .egg, which pip never installs");
  }

  @Test
  void preReleasesOnlyWhenNoFinalReleaseInstalls() {
    index.release("a", "1.0").release("a", "2.0b1");
    index.release("b", "2.0b1");
    windowsOnly("b", "1.0");

    Resolution r = resolve("a", "b");

    assertThat(only(r, "a").candidate().version()).hasToString("1.0");
    assertThat(only(r, "b").candidate().version()).hasToString("2.0b1");
  }

  @Test
  void aSpecifierNamingAPreReleaseAllowsPreReleases() {
    index.release("a", "1.0").release("a", "2.0b1");

    assertThat(only(resolve("a>=2.0b1"), "a").candidate().version()).hasToString("2.0b1");
  }

  @Test
  void aReleaseNothingInstallsIsKeptAsABlocker() {
    windowsOnly("native", "1.0");
    windowsOnly("native", "2.0");
    index.file("native", "2.0", "native-2.0-cp313-cp313t-macosx_11_0_arm64.whl", null);

    ResolvedPackage p = only(resolve("native"), "native");

    assertThat(p.candidate().version()).hasToString("2.0");
    assertThat(p.candidate().installable()).isFalse();
    assertThat(p.candidate().file().filename()).isEqualTo("native-2.0" + WINDOWS_ONLY);
  }

  @Test
  void aYankedReleaseOnlyWhenPinnedExactly() {
    index.release("lib", "1.0");
    index.files.get("lib").add(yanked("lib-1.1-py3-none-any.whl"));

    assertThat(only(resolve("lib"), "lib").candidate().version()).hasToString("1.0");
    assertThat(only(resolve("lib==1.1"), "lib").candidate().version()).hasToString("1.1");
  }

  private DistributionFile yanked(String filename) {
    String url = "https://files.example/" + filename;
    index.metadata.put(url, "Metadata-Version: 2.1\nName: lib\nVersion: 1.1\n");
    return new DistributionFile(
        filename, url, Optional.empty(), Optional.empty(), Optional.of("broken"), true);
  }

  @Test
  void aConflictListsTheVersionsAndThosePassedOver() {
    index.release("app", "1.0", "lib<1.5").release("other", "1.0", "lib>=2");
    index.release("lib", "1.0");
    windowsOnly("lib", "2.0");

    assertThatThrownBy(() -> resolve("app", "other"))
        .isInstanceOf(ResolutionException.class)
        .hasMessageContaining("no version of lib satisfies all of:")
        .hasMessageContaining("lib<1.5  (required by app 1.0")
        .hasMessageContaining("lib>=2  (required by other 1.0")
        .hasMessageContaining("versions on the index: 1.0, 2.0")
        .hasMessageContaining(
            "passed over: 2.0: no file installable on 3.13t manylinux_2_36_x86_64");
  }

  @Test
  void backtracksToAnOlderReleaseWhoseDependenciesFit() {
    index
        .release("app", "1.0", "lib")
        .release("lib", "1.0", "base<2")
        .release("lib", "2.0", "base>=2")
        .release("base", "1.0")
        .release("pinner", "1.0", "base==1.0");

    Resolution r = resolve("app", "pinner");

    assertThat(only(r, "lib").candidate().version()).hasToString("1.0");
    assertThat(only(r, "base").candidate().version()).hasToString("1.0");
  }

  @Test
  void aReleaseWhoseDependenciesCannotBeReadStaysPinnedAndSaysSo() {
    index.release("app", "1.0", "broken", "lib");
    index.release("lib", "1.0");
    index.file("broken", "1.0", "broken-1.0.tar.gz", null); // no metadata file; no archive served

    Resolution r = resolve("app");

    assertThat(only(r, "lib").candidate().version()).hasToString("1.0");
    ResolvedPackage broken = only(r, "broken");
    assertThat(broken.candidate().version()).hasToString("1.0");
    assertThat(broken.notes())
        .singleElement()
        .asString()
        .startsWith("dependencies unknown: cannot read them: ")
        .contains("broken-1.0.tar.gz");
  }
}
