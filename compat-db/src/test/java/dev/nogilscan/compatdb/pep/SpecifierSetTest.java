package dev.nogilscan.compatdb.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecifierSetTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // ==, with prefix matching and local versions (PEP 440 "Version matching")
        "==1.0|1.0.0|true",
        "==1.0|1.0+local|true",
        "==1.0+local|1.0|false",
        "==1.0+local|1.0+local|true",
        "==1.1.*|1.1.0.post1|true",
        "==1.1.*|1.1rc1|true",
        "==1.1.*|1.10|false",
        "==1.1.0.*|1.1|true",
        "==1!1.*|1.0|false",
        "!=1.1.*|1.2|true",
        "!=1.1.*|1.1.5|false",
        // ~= (compatible release)
        "~=2.2|2.3|true",
        "~=2.2|3.0|false",
        "~=2.2.0|2.3|false",
        "~=1.4.5a4|1.4.5|true",
        "~=1.4.5a4|1.4.5a3|false",
        "~=2.2.post3|2.2.post4|true",
        "~=2.2.post3|2.2|false",
        // exclusive ordered comparisons (PEP 440 "Exclusive ordered comparison")
        "<1.0|1.0rc1|false",
        "<1.0|0.9|true",
        "<1.0rc2|1.0rc1|true",
        "<1.0.post1|1.0|true",
        ">1.0|1.0.post1|false",
        ">1.0|1.0+local|false",
        ">1.0|1.0.1|true",
        ">1.0.post1|1.0.post2|true",
        ">1.0a1|1.0a1.post1|false",
        ">1.0a1|1.0|true",
        // inclusive comparisons ignore the local label
        "<=1.0|1.0+local|true",
        ">=1.0|1.0+local|true",
        // arbitrary equality compares the normalised string
        "===1.0|1.0|true",
        "===1.0|1.0.0|false",
        "===foobar|1.0|false",
        // a single pre-release candidate has no alternative (packaging 26 default)
        ">=1.0|2.0a1|true",
        ">=1.0,<2.0|1.5.dev1|true",
        "|2.0a1|true",
      })
  void matchesPerPep440(String spec, String version, boolean expected) {
    assertThat(SpecifierSet.parse(spec == null ? "" : spec).contains(Version.parse(version)))
        .isEqualTo(expected);
  }

  @Test
  void preReleasesExcludedOnRequest() {
    SpecifierSet s = SpecifierSet.parse(">=1.0");
    assertThat(s.contains(Version.parse("2.0a1"), false)).isFalse();
    assertThat(s.contains(Version.parse("2.0a1"), true)).isTrue();
    assertThat(s.contains(Version.parse("2.0"), false)).isTrue();
  }

  private static List<String> filter(String spec, String versions, Boolean pre) {
    List<Version> vs =
        Stream.of(versions.split(" ")).map(Version::parse).collect(Collectors.toList());
    return SpecifierSet.parse(spec).filter(vs, v -> v, pre).stream()
        .map(Version::toString)
        .collect(Collectors.toList());
  }

  @Test
  void filterDropsPreReleasesWhenAFinalMatches() {
    assertThat(filter(">=1.0", "1.0 1.1a1 1.2 2.0rc1", null)).containsExactly("1.0", "1.2");
  }

  @Test
  void filterKeepsPreReleasesWhenNothingElseMatches() {
    assertThat(filter(">=2.0", "1.0 3.0a1 3.0b2", null)).containsExactly("3.0a1", "3.0b2");
  }

  @Test
  void filterKeepsPreReleasesWhenTheSpecifierNamesOne() {
    assertThat(filter(">=1.0b1", "1.0 1.1a1", null)).containsExactly("1.0", "1.1a1");
    assertThat(SpecifierSet.parse(">=1.0b1").prereleases()).contains(true);
    assertThat(SpecifierSet.parse("!=1.0b1").prereleases()).isEmpty();
  }

  @Test
  void filterWithExplicitPolicy() {
    assertThat(filter(">=1.0", "1.0 1.1a1", true)).containsExactly("1.0", "1.1a1");
    assertThat(filter(">=3.0", "1.0 3.0a1", false)).isEmpty();
  }

  @Test
  void bestPicksTheHighestAllowed() {
    List<Version> vs = Stream.of("1.0", "1.5", "2.0a1").map(Version::parse).toList();
    assertThat(SpecifierSet.parse("<2").best(vs)).contains(Version.parse("1.5"));
  }

  @ParameterizedTest(name = "{0} pins {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "==1.0|1.0",
        "== 1.0+local|1.0+local",
        "===1.0|1.0",
        "==1.0.*|",
        ">=1.0|",
        "==1.0,==1.0.0|",
        "===foobar|",
        "|",
      })
  void pinnedVersion(String spec, String pinned) {
    assertThat(SpecifierSet.parse(spec == null ? "" : spec).pinnedVersion().map(Version::toString))
        .isEqualTo(java.util.Optional.ofNullable(pinned));
  }

  @Test
  void printsSortedAndDeduplicatedLikePackaging() {
    assertThat(SpecifierSet.parse(" >= 1.0 , <2, !=1.5 ,<2")).hasToString("!=1.5,<2,>=1.0");
    assertThat(SpecifierSet.parse("")).hasToString("");
    assertThat(SpecifierSet.parse(",,")).isEqualTo(SpecifierSet.any());
    assertThat(SpecifierSet.parse("").isEmpty()).isTrue();
    assertThat(SpecifierSet.parse(">=1.0,<2")).isEqualTo(SpecifierSet.parse("<2, >=1.0"));
    assertThat(SpecifierSet.parse(">=1,>=1.0"))
        .hasToString(">=1")
        .isEqualTo(SpecifierSet.parse(">=1"));
    assertThat(SpecifierSet.parse("~=1.0")).isNotEqualTo(SpecifierSet.parse("~=1.0.0"));
    assertThat(SpecifierSet.parse("===abc")).isNotEqualTo(SpecifierSet.parse("===ABC"));
  }

  private static void assertError(String input, String message) {
    assertThatThrownBy(() -> SpecifierSet.parse(input))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void missingOperator() {
    assertError(
        "=1.0",
        "expected a version operator (one of ==, !=, <=, >=, <, >, ~=, ===) at position 0\n"
            + "=1.0\n^");
  }

  @Test
  void missingVersion() {
    assertError(">=", "expected a version after '>=' at position 2\n>=\n  ^");
  }

  @Test
  void wildcardAfterOrderedComparison() {
    assertError(
        ">=1.0.*",
        "expected no '.*' after '>=' (prefix matching needs '==' or '!=') at position 5\n"
            + ">=1.0.*\n     ^");
  }

  @Test
  void somethingAfterWildcard() {
    assertError(
        "==1.0.*.1", "expected end of specifier after '.*' at position 7\n==1.0.*.1\n       ^");
  }

  @Test
  void compatibleReleaseNeedsTwoNumbers() {
    assertError(
        "~=1",
        "expected a second release number ('~=' needs at least two, as in '~=1.4') at position 3\n"
            + "~=1\n   ^");
  }

  @Test
  void localLabelAfterOrderedComparison() {
    assertError(
        "<1.0+local",
        "expected end of specifier (a local version label '+...' is only allowed after '==' or"
            + " '!=') at position 4\n<1.0+local\n    ^");
  }

  @Test
  void whitespaceInArbitraryEquality() {
    assertError(
        "===a b", "expected end of the arbitrary '===' version at position 4\n===a b\n    ^");
  }

  @Test
  void errorInSecondClausePointsIntoTheWholeString() {
    assertError(
        ">=1.0,<2.0x",
        "expected '.N', 'aN', 'bN', 'rcN', '.postN', '.devN' or the end of the version after '<'"
            + " at position 10\n>=1.0,<2.0x\n          ^");
  }
}
