package dev.nogilscan.compatdb.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkerTest {
  static final MarkerEnvironment LINUX_313T =
      TargetEnvironment.parse("3.13t/manylinux_2_36_x86_64").markerEnvironment();
  static final MarkerEnvironment MAC_314T =
      TargetEnvironment.parse("3.14t/macosx_14_0_arm64").markerEnvironment();
  static final MarkerEnvironment WIN_315T =
      TargetEnvironment.parse("3.15t/win_amd64").markerEnvironment();

  @Test
  void environmentOfATargetNotOfThisMachine() {
    assertThat(LINUX_313T)
        .isEqualTo(
            new MarkerEnvironment(
                "posix", "linux", "x86_64", "CPython", "", "Linux", "", "3.13", "3.13.0", "cpython",
                "3.13.0"));
    assertThat(WIN_315T.osName()).isEqualTo("nt");
    assertThat(WIN_315T.sysPlatform()).isEqualTo("win32");
    assertThat(WIN_315T.platformMachine()).isEqualTo("AMD64");
    assertThat(MAC_314T.sysPlatform()).isEqualTo("darwin");
    assertThat(MAC_314T.platformRelease()).isEqualTo("23.0.0");
  }

  @ParameterizedTest(name = "{0}: linux {1}, mac {2}, windows {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "python_version >= '3.13'|true|true|true",
        "python_version < '3.14'|true|false|false",
        "python_version > '3.13'|false|true|true",
        "python_full_version >= '3.13.1'|false|true|true",
        "python_version == '3.14.*'|false|true|false",
        "'3.14' <= python_version|false|true|true",
        "sys_platform == 'linux' and platform_machine == 'x86_64'|true|false|false",
        "sys_platform == 'win32' or sys_platform == 'darwin'|false|true|true",
        "os_name == 'nt' or (os_name == 'posix' and platform_system != 'Darwin')|true|false|true",
        "platform_machine in 'x86_64 AMD64'|true|false|true",
        "platform_machine not in 'x86_64 AMD64'|false|true|false",
        "implementation_name == 'cpython' and platform_python_implementation == 'CPython'|true|true|true",
        "platform_release >= '22'|false|true|false",
        "sys_platform < 'z'|false|false|false",
        "sys_platform >= 'linux'|true|false|false",
      })
  void evaluatesForTheTarget(String marker, boolean linux, boolean mac, boolean windows) {
    Marker m = Marker.parse(marker);
    assertThat(m.evaluate(LINUX_313T)).as("linux").isEqualTo(linux);
    assertThat(m.evaluate(MAC_314T)).as("mac").isEqualTo(mac);
    assertThat(m.evaluate(WIN_315T)).as("windows").isEqualTo(windows);
  }

  @Test
  void extraIsNormalisedAndFalseWithoutExtras() {
    Marker m = Marker.parse("extra == 'Dev.Tools'");
    assertThat(m).hasToString("extra == \"dev-tools\"");
    assertThat(m.evaluate(LINUX_313T)).isFalse();
    assertThat(m.evaluate(LINUX_313T, Set.of("dev_tools"))).isTrue();
    assertThat(m.evaluate(LINUX_313T, Set.of("docs", "DEV-tools"))).isTrue();
    assertThat(m.evaluate(LINUX_313T, Set.of("docs"))).isFalse();
    assertThat(m.mentionsExtra()).isTrue();
    assertThat(Marker.parse("os_name == 'extra'").mentionsExtra()).isFalse();
  }

  @Test
  void undefinedComparisonsThrow() {
    assertThatThrownBy(() -> Marker.parse("os_name ~= 'posix'").evaluate(LINUX_313T))
        .isInstanceOf(MarkerEvaluationException.class);
    assertThatThrownBy(() -> Marker.parse("'a' == 'b'").evaluate(LINUX_313T))
        .isInstanceOf(MarkerEvaluationException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "python_version>='3.13'|python_version >= \"3.13\"",
        "os.name=='nt'|os_name == \"nt\"",
        "python_implementation == 'CPython'|platform_python_implementation == \"CPython\"",
        "((os_name == 'nt'))|os_name == \"nt\"",
        "(os_name == 'nt' or os_name == 'x') and extra == 'A_B'"
            + "|(os_name == \"nt\" or os_name == \"x\") and extra == \"a-b\"",
        "os_name == 'a\"b'|os_name == 'a\"b'",
      })
  void printsNormalisedLikePackaging(String input, String normalized) {
    assertThat(Marker.parse(input)).hasToString(normalized);
  }

  private static void assertError(String input, String message) {
    assertThatThrownBy(() -> Marker.parse(input))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void missingOperator() {
    assertError(
        "python_version",
        "expected a marker operator (one of <=, <, !=, ==, >=, >, ~=, ===, in, not in) at position"
            + " 14\npython_version\n              ^");
  }

  @Test
  void unknownVariable() {
    assertError(
        "foo == 'x'",
        "expected a marker variable (python_version, sys_platform, extra...) or a quoted string"
            + " at position 0\nfoo == 'x'\n^");
  }

  @Test
  void danglingAnd() {
    assertError(
        "python_version > '3' and",
        "expected a marker variable (python_version, sys_platform, extra...) or a quoted string"
            + " at position 24\npython_version > '3' and\n                        ^");
  }

  @Test
  void unclosedParenthesis() {
    assertError(
        "(os_name == 'nt'",
        "expected 'and', 'or' or ')' to close the '(' at index 0 at position 16\n"
            + "(os_name == 'nt'\n                ^");
  }

  @Test
  void unterminatedString() {
    assertError(
        "os_name == 'nt",
        "expected a closing ' for the quoted string at position 14\nos_name == 'nt\n              ^");
  }

  @Test
  void notWithoutIn() {
    assertError(
        "os_name not 'x'",
        "expected 'in' after 'not' at position 12\nos_name not 'x'\n            ^");
  }

  @Test
  void trailingGarbage() {
    assertError(
        "os_name == 'nt' extra",
        "expected 'and', 'or' or end of marker expression at position 16\n"
            + "os_name == 'nt' extra\n                ^");
  }

  @Test
  void tooDeep() {
    String deep = "(".repeat(201) + "os_name == 'nt'" + ")".repeat(201);
    assertThatThrownBy(() -> Marker.parse(deep))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessageStartingWith("expected a marker nested at most 200 levels deep at position 200");
  }
}
