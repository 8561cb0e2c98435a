package dev.nogilscan.compatdb.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WheelsAndTargetsTest {

  @Test
  void wheelFilenameWithCompressedTagsAndBuild() {
    WheelFilename w =
        WheelFilename.parse(
            "Foo_Bar-1.0rc1-2abc-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
    assertThat(w.name()).hasToString("foo-bar");
    assertThat(w.version()).hasToString("1.0rc1");
    assertThat(w.buildTag()).contains("2abc");
    assertThat(w.tags())
        .extracting(WheelTag::toString)
        .containsExactly("cp313-cp313t-manylinux_2_17_x86_64", "cp313-cp313t-manylinux2014_x86_64");
    assertThat(w.isPure()).isFalse();
    assertThat(WheelFilename.parse("a-1-py2.py3-none-any.whl").isPure()).isTrue();
  }

  @Test
  void wheelTagsAreLowerCased() {
    assertThat(WheelTag.parseCompressed("CP313-ABI3.ABI3T-WIN_AMD64"))
        .containsExactly(
            new WheelTag("cp313", "abi3", "win_amd64"),
            new WheelTag("cp313", "abi3t", "win_amd64"));
  }

  @Test
  void hugeCompressedTagSetsAreRefused() {
    String many = String.join(".", java.util.Collections.nCopies(20, "x"));
    assertThatThrownBy(() -> WheelTag.parseCompressed("p" + many + "-" + many + "-" + many))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessageStartingWith("expected a compressed tag set of at most 4096 tags");
  }

  private static void assertWheelError(String input, String message) {
    assertThatThrownBy(() -> WheelFilename.parse(input))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void wheelWithoutPlatform() {
    assertWheelError(
        "foo-1.0-py3-none.whl",
        "expected 5 or 6 '-'-separated parts: name-version(-build)-python-abi-platform at position"
            + " 16\nfoo-1.0-py3-none.whl\n                ^");
  }

  @Test
  void wheelBuildTagNotNumeric() {
    assertWheelError(
        "foo-1.0-x-py3-none-any.whl",
        "expected a build tag starting with a digit at position 8\n"
            + "foo-1.0-x-py3-none-any.whl\n        ^");
  }

  @Test
  void wheelWrongExtension() {
    assertWheelError(
        "foo-1.0-py3-none-any.zip",
        "expected the extension '.whl' at position 24\nfoo-1.0-py3-none-any.zip\n"
            + "                        ^");
  }

  @Test
  void wheelBadVersion() {
    assertWheelError(
        "foo-1.0x-py3-none-any.whl",
        "expected '.N', 'aN', 'bN', 'rcN', '.postN', '.devN', '+local' or the end of the version"
            + " at position 7\nfoo-1.0x-py3-none-any.whl\n       ^");
  }

  @Test
  void wheelEmptyTag() {
    assertWheelError(
        "foo-1.0-py3..py2-none-any.whl",
        "expected a non-empty interpreter tag at position 12\n"
            + "foo-1.0-py3..py2-none-any.whl\n            ^");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "foo-1.0.tar.gz|foo|1.0|.tar.gz",
        "Foo_Bar-2.0rc1.zip|foo-bar|2.0rc1|.zip",
        "foo-bar-1.0.TAR.BZ2|foo-bar|1.0|.tar.bz2",
        "foo-1.0.tar.xz|foo|1.0|.tar.xz",
        "foo-1.0.tgz|foo|1.0|.tgz",
        "python-dateutil-2.8.2.tar.gz|python-dateutil|2.8.2|.tar.gz",
        "foo-1.0-1.tar.gz|foo-1-0|1|.tar.gz",
        "foo-bar-baz.tar.gz|||",
        "foo-1.0.whl|||",
        "foo.tar.gz|||",
      })
  void sdistFilenames(String file, String name, String version, String ext) {
    Optional<SdistFilename> s = SdistFilename.tryParse(file);
    if (name == null) {
      assertThat(s).isEmpty();
      return;
    }
    assertThat(s).isPresent();
    assertThat(s.get().name()).hasToString(name);
    assertThat(s.get().version()).hasToString(version);
    assertThat(s.get().extension()).isEqualTo(ext);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "3.13t|3|13|true|cp313t|3.13t",
        "3.14t|3|14|true|cp314t|3.14t",
        "3.15t|3|15|true|cp315t|3.15t",
        "3.13|3|13|false|cp313|3.13",
        "cp314t|3|14|true|cp314t|3.14t",
      })
  void targetPythons(String text, int major, int minor, boolean ft, String abi, String printed) {
    TargetPython p = TargetPython.parse(text);
    assertThat(p).isEqualTo(new TargetPython(major, minor, ft));
    assertThat(p.abiTag()).isEqualTo(abi);
    assertThat(p).hasToString(printed);
    assertThat(SpecifierSet.parse(">=3.13").contains(p.version())).isTrue();
    assertThat(p.version()).hasToString(major + "." + minor + ".0");
  }

  @Test
  void freeThreadingStartsAt313() {
    assertThatThrownBy(() -> TargetPython.parse("3.12t"))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage("expected a free-threaded CPython (3.13t or later) at position 2\n3.12t\n  ^");
  }

  @Test
  void unknownPlatform() {
    assertThatThrownBy(() -> Platform.parse("manylinux_x86_64"))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage(
            "expected a platform tag such as manylinux_2_36_x86_64, musllinux_1_2_aarch64,"
                + " macosx_14_0_arm64 or win_amd64 at position 0\nmanylinux_x86_64\n^");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "manylinux_2_17_aarch64|linux_aarch64 manylinux_2_17_aarch64 manylinux2014_aarch64",
        "manylinux1_x86_64|linux_x86_64 manylinux_2_5_x86_64 manylinux1_x86_64",
        "musllinux_1_1_x86_64|linux_x86_64 musllinux_1_1_x86_64 musllinux_1_0_x86_64",
        "win_arm64|win_arm64",
        "linux_riscv64|linux_riscv64",
      })
  void platformTags(String tag, String expected) {
    assertThat(String.join(" ", Platform.parse(tag).compatiblePlatformTags())).isEqualTo(expected);
  }

  @Test
  void macosPlatformTagsStartWithTheOwnVersion() {
    List<String> tags = Platform.parse("macosx_14_0_arm64").compatiblePlatformTags();
    assertThat(tags.subList(0, 4))
        .containsExactly(
            "macosx_14_0_arm64",
            "macosx_14_0_universal2",
            "macosx_13_0_arm64",
            "macosx_13_0_universal2");
    assertThat(tags).contains("macosx_10_16_universal2").doesNotContain("macosx_10_16_arm64");
  }

  private static List<String> tags(String target, int n) {
    return TargetEnvironment.parse(target).supportedTags().stream()
        .limit(n)
        .map(WheelTag::toString)
        .collect(Collectors.toList());
  }

  @Test
  void freeThreaded313AcceptsBestFirstAndNeverAbi3() {
    TargetEnvironment t = TargetEnvironment.parse("3.13t/win_amd64");
    assertThat(t.supportedTags())
        .extracting(WheelTag::toString)
        .startsWith("cp313-cp313t-win_amd64", "cp313-none-win_amd64", "py313-none-win_amd64")
        .endsWith("py31-none-any", "py30-none-any")
        .contains("cp313-none-any", "py3-none-any")
        .noneMatch(s -> s.contains("abi3"));
  }

  @Test
  void freeThreaded315AcceptsAbi3t() {
    assertThat(tags("3.15t/win_amd64", 4))
        .containsExactly(
            "cp315-cp315t-win_amd64",
            "cp315-abi3t-win_amd64",
            "cp315-none-win_amd64",
            "py315-none-win_amd64");
    assertThat(tags("3.16t/win_amd64", 5))
        .containsExactly(
            "cp316-cp316t-win_amd64",
            "cp316-abi3t-win_amd64",
            "cp316-none-win_amd64",
            "cp315-abi3t-win_amd64",
            "py316-none-win_amd64");
  }

  @Test
  void gilBuildAcceptsAbi3() {
    assertThat(tags("3.13/win_amd64", 4))
        .containsExactly(
            "cp313-cp313-win_amd64",
            "cp313-abi3-win_amd64",
            "cp313-none-win_amd64",
            "cp312-abi3-win_amd64");
  }

  @Test
  void ranksAndPicksTheBestWheel() {
    TargetEnvironment t = TargetEnvironment.parse("3.14t/manylinux_2_36_x86_64");
    WheelFilename nativeFt =
        WheelFilename.parse(
            "numpy-2.3.0-cp314-cp314t-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl");
    WheelFilename abi3 =
        WheelFilename.parse("cryptography-45.0-cp311-abi3-manylinux_2_34_x86_64.whl");
    WheelFilename pure = WheelFilename.parse("six-1.17.0-py2.py3-none-any.whl");
    WheelFilename gil = WheelFilename.parse("numpy-2.3.0-cp314-cp314-manylinux_2_28_x86_64.whl");
    WheelFilename tooNew = WheelFilename.parse("x-1-cp314-cp314t-manylinux_2_39_x86_64.whl");
    assertThat(t.bestRank(abi3)).isEmpty();
    assertThat(t.bestRank(gil)).isEmpty();
    assertThat(t.bestRank(tooNew)).isEmpty();
    assertThat(t.bestRank(nativeFt)).isPresent();
    assertThat(t.bestRank(pure).get()).isGreaterThan(t.bestRank(nativeFt).get());
    assertThat(t.tagRank(new WheelTag("cp314", "cp314t", "linux_x86_64"))).hasValue(0);
    assertThat(t.bestWheel(List.of(pure, abi3, nativeFt, gil))).contains(nativeFt);
    assertThat(t.bestWheel(List.of(abi3, pure))).contains(pure);
    assertThat(t.bestWheel(List.of(abi3, gil))).isEmpty();
  }
}
