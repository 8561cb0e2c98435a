package dev.nogilscan.compatdb.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "1.0|1.0",
        "1.0.0|1.0.0",
        "v1.0|1.0",
        "V1.0|1.0",
        "\" 1.0\t\"|1.0",
        "1.0a|1.0a0",
        "1.0A1|1.0a1",
        "1.0alpha1|1.0a1",
        "1.0-alpha-1|1.0a1",
        "1.0.alpha.1|1.0a1",
        "1.0beta2|1.0b2",
        "1.0c3|1.0rc3",
        "1.0pre3|1.0rc3",
        "1.0preview3|1.0rc3",
        "1.0_RC_3|1.0rc3",
        "1.0-1|1.0.post1",
        "1.0post1|1.0.post1",
        "1.0.rev1|1.0.post1",
        "1.0r|1.0.post0",
        "1.0-r-1|1.0.post1",
        "1.0.post|1.0.post0",
        "1.0dev|1.0.dev0",
        "1.0-dev-1|1.0.dev1",
        "1.0a1.post2.dev3|1.0a1.post2.dev3",
        "0!1.0|1.0",
        "01!01.00|1!1.0",
        "1.0+ABC.5|1.0+abc.5",
        "1.0+abc-5_x|1.0+abc.5.x",
        "1.0+05|1.0+5",
        "1.0a-|1.0a0",
        "1.0.post-|1.0.post0",
        "99999999999999999999.1|99999999999999999999.1",
        "2023.10.15.dev20231015|2023.10.15.dev20231015",
      })
  void normalisesEveryPep440Form(String input, String normalized) {
    assertThat(Version.parse(input)).hasToString(normalized);
  }

  /** PEP 440's own example ordering, extended with epochs and locals; strictly increasing. */
  static final List<String> ORDERED =
      List.of(
          "1.0.dev456",
          "1.0a1",
          "1.0a2.dev456",
          "1.0a12.dev456",
          "1.0a12",
          "1.0b1.dev456",
          "1.0b2",
          "1.0b2.post345.dev456",
          "1.0b2.post345",
          "1.0rc1.dev456",
          "1.0rc1",
          "1.0",
          "1.0+abc.5",
          "1.0+abc.7",
          "1.0+5",
          "1.0.post456.dev34",
          "1.0.post456",
          "1.0.15",
          "1.1.dev1",
          "1.1",
          "2.0",
          "10.0",
          "99999999999999999999",
          "1!0.1",
          "1!1.0");

  @Test
  void ordersAsPep440Pairwise() {
    for (int i = 0; i < ORDERED.size(); i++) {
      for (int j = 0; j < ORDERED.size(); j++) {
        Version a = Version.parse(ORDERED.get(i));
        Version b = Version.parse(ORDERED.get(j));
        assertThat(Integer.signum(a.compareTo(b)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(Integer.compare(i, j)));
        assertThat(a.equals(b)).isEqualTo(i == j);
      }
    }
  }

  @Test
  void sortsAShuffledList() {
    List<Version> shuffled = new ArrayList<>();
    ORDERED.forEach(s -> shuffled.add(Version.parse(s)));
    Collections.shuffle(shuffled, new Random(7));
    Collections.sort(shuffled);
    assertThat(shuffled).extracting(Version::toString).containsExactlyElementsOf(ORDERED);
  }

  @Test
  void trailingZerosAreEqualAndHashAlike() {
    Version a = Version.parse("1.0");
    Version b = Version.parse("1.0.0.0");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).hasToString("1.0");
    assertThat(b).hasToString("1.0.0.0");
    assertThat(Version.parse("1.0+01")).isEqualTo(Version.parse("1.0+1"));
    assertThat(Version.parse("1.0+a")).isNotEqualTo(Version.parse("1.0"));
  }

  @Test
  void exposesItsSegments() {
    Version v = Version.parse("2!1.2.3rc4.post5.dev6+ubuntu.1");
    assertThat(v.epoch()).isEqualTo(2);
    assertThat(v.release()).containsExactly(1L, 2L, 3L);
    assertThat(v.preRelease()).contains("rc4");
    assertThat(v.postNumber()).contains(BigInteger.valueOf(5));
    assertThat(v.devNumber()).contains(BigInteger.valueOf(6));
    assertThat(v.local()).contains("ubuntu.1");
    assertThat(v.isPreRelease()).isTrue();
    assertThat(v.isDevRelease()).isTrue();
    assertThat(v.isPostRelease()).isTrue();
    assertThat(v.hasLocal()).isTrue();
    assertThat(v.publicVersion()).hasToString("2!1.2.3rc4.post5.dev6");
    assertThat(v.baseVersion()).hasToString("2!1.2.3");
    assertThat(Version.parse("1.0.post1").isPreRelease()).isFalse();
    assertThat(Version.parse("1.0.dev1").isPreRelease()).isTrue();
  }

  @Test
  void tryParseIsEmptyForInvalid() {
    assertThat(Version.tryParse("1.0-")).isEmpty();
    assertThat(Version.tryParse("1.0")).contains(Version.parse("1.0"));
  }

  private static void assertError(String input, String message) {
    assertThatThrownBy(() -> Version.parse(input))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void emptyInput() {
    assertError("", "expected a version at position 0\n\n^");
  }

  @Test
  void noReleaseNumber() {
    assertError("abc", "expected a release number in the version at position 0\nabc\n^");
  }

  @Test
  void danglingSeparator() {
    assertError(
        "1.0-",
        "expected '.N', 'aN', 'bN', 'rcN', '.postN', '.devN', '+local' or the end of the version"
            + " at position 3\n1.0-\n   ^");
  }

  @Test
  void junkAfterPreRelease() {
    assertError(
        "1.0a1x",
        "expected '.postN', '.devN', '+local' or the end of the version at position 5\n"
            + "1.0a1x\n     ^");
  }

  @Test
  void postAfterDev() {
    assertError(
        "1.0.dev1.post1",
        "expected '+local' or the end of the version at position 8\n"
            + "1.0.dev1.post1\n        ^");
  }

  @Test
  void emptyLocalLabel() {
    assertError(
        "1.0+", "expected a letter or digit in the local version label at position 4\n1.0+\n    ^");
  }

  @Test
  void emptyLocalSegment() {
    assertError(
        "1.0+a..b",
        "expected a letter or digit in the local version label at position 6\n1.0+a..b\n      ^");
  }

  @Test
  void epochWithoutRelease() {
    assertError("1!", "expected a release number after the epoch '!' at position 2\n1!\n  ^");
  }

  @Test
  void wildcardIsNotAVersion() {
    assertError(
        "1.0.*",
        "expected the end of the version ('.*' is only allowed in '==' and '!=' specifiers)"
            + " at position 3\n1.0.*\n   ^");
  }

  @Test
  void hugeNumber() {
    String digits = "1".repeat(5000);
    assertThatThrownBy(() -> Version.parse(digits))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessageStartingWith("expected a number of at most 4300 digits at position 4300\n");
  }
}
