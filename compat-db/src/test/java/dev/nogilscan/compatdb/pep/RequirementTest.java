package dev.nogilscan.compatdb.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequirementTest {

  @Test
  void parsesEveryPart() {
    Requirement r =
        Requirement.parse(
            "Requests [Security, Tests_X] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"");
    assertThat(r.name()).isEqualTo(PackageName.of("requests"));
    assertThat(r.extras()).containsExactly("security", "tests-x");
    assertThat(r.specifier()).hasToString("==2.8.*,>=2.8.1");
    assertThat(r.url()).isEmpty();
    assertThat(r.marker()).map(Marker::toString).contains("python_version < \"2.7\"");
    assertThat(r)
        .hasToString("requests[security,tests-x]==2.8.*,>=2.8.1; python_version < \"2.7\"");
  }

  @Test
  void directReference() {
    Requirement r = Requirement.parse("pip @ https://example.org/pip-1.0.whl ; os_name == 'nt'");
    assertThat(r.url()).contains("https://example.org/pip-1.0.whl");
    assertThat(r.specifier().isEmpty()).isTrue();
    assertThat(r).hasToString("pip @ https://example.org/pip-1.0.whl ; os_name == \"nt\"");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "name|name",
        "Name.Dotted_under-dash|name-dotted-under-dash",
        "name (>=1.0,<2)|name<2,>=1.0",
        "name>=1.0,|name>=1.0",
        "name[]|name",
        "name===arbitrary|name===arbitrary",
        "name>= 1.0 ; extra == 'Foo_Bar'|name>=1.0; extra == \"foo-bar\"",
        "name@file:///tmp/x|name @ file:///tmp/x",
      })
  void normalises(String input, String normalized) {
    assertThat(Requirement.parse(input)).hasToString(normalized);
  }

  @Test
  void appliesToATarget() {
    MarkerEnvironment env =
        TargetEnvironment.parse("3.14t/manylinux_2_36_x86_64").markerEnvironment();
    assertThat(Requirement.parse("a; python_version < '3.14'").appliesTo(env, Set.of())).isFalse();
    assertThat(Requirement.parse("a; extra == 'x'").appliesTo(env, Set.of("X"))).isTrue();
    assertThat(Requirement.parse("a").appliesTo(env, Set.of())).isTrue();
  }

  private static void assertError(String input, String message) {
    assertThatThrownBy(() -> Requirement.parse(input))
        .isInstanceOf(PepSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void emptyString() {
    assertError(
        "", "expected a package name at the start of the dependency specifier at position 0\n\n^");
  }

  @Test
  void nameStartsWithDash() {
    assertError(
        "-name",
        "expected a package name at the start of the dependency specifier at position 0\n-name\n^");
  }

  @Test
  void nameEndsWithUnderscore() {
    assertError(
        "name_",
        "expected a letter or digit at the end of a project name at position 4\nname_\n    ^");
  }

  @Test
  void extrasWithoutComma() {
    assertError("name[a b]", "expected ',' between extra names at position 7\nname[a b]\n       ^");
  }

  @Test
  void extraMissingAfterComma() {
    assertError("name[a,", "expected an extra name after ',' at position 7\nname[a,\n       ^");
  }

  @Test
  void unclosedExtras() {
    assertError(
        "name[a", "expected ',' or ']' to close the '[' at index 4 at position 6\nname[a\n      ^");
  }

  @Test
  void specifiersWithoutComma() {
    assertError(
        "name>=1.0 <2",
        "expected ',' (within the version specifier), ';' (after it) or end at position 10\n"
            + "name>=1.0 <2\n          ^");
  }

  @Test
  void unclosedParenthesis() {
    assertError(
        "name (>=1.0",
        "expected ',' or ')' to close the '(' at index 5 at position 11\nname (>=1.0\n           ^");
  }

  @Test
  void wildcardAfterOrderedComparison() {
    assertError(
        "name>=1.0.*",
        "expected no '.*' here: prefix matching needs '==' or '!=' at position 9\n"
            + "name>=1.0.*\n         ^");
  }

  @Test
  void localAfterOrderedComparison() {
    assertError(
        "name>1.0+loc",
        "expected no local version label: '+...' is only allowed after '==' or '!=' at position 8\n"
            + "name>1.0+loc\n        ^");
  }

  @Test
  void missingUrl() {
    assertError("name @ ", "expected a URL after '@' at position 7\nname @ \n       ^");
  }

  @Test
  void markerWithoutSemicolonAfterUrl() {
    assertError(
        "name @ http://x os_name == 'nt'",
        "expected ';' (after the URL and whitespace) or end at position 16\n"
            + "name @ http://x os_name == 'nt'\n                ^");
  }

  @Test
  void garbageAfterMarker() {
    assertError(
        "name; os_name == 'x' x",
        "expected 'and', 'or' or end of the dependency specifier at position 21\n"
            + "name; os_name == 'x' x\n                     ^");
  }
}
