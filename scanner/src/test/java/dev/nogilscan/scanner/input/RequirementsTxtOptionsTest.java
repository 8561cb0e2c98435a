package dev.nogilscan.scanner.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.Requirement;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pip's file options: constraints, index options, ${VAR} expansion, unknown options. */
class RequirementsTxtOptionsTest {
  private final RequirementsTxtSource source =
      new RequirementsTxtSource(
          Map.of(
              "NOGIL_TEST_USER", "alice",
              "NOGIL_TEST_TOKEN", "s3cret",
              "SIX_VERSION", "1.16.0",
              "REQUESTS_VERSION", "2.32.3"));

  private static Path fixture(String name) {
    URL url = RequirementsTxtOptionsTest.class.getResource("/requirements/" + name);
    assertThat(url).as("fixture " + name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private RequirementsTxtSource.RequirementsFile parse(String name) {
    return source.parse(fixture(name), "requirements/" + name);
  }

  private static InputRequirement req(String text, String origin) {
    return InputRequirement.of(text, origin, Requirement.parse(text));
  }

  @Test
  void constraintsAreFlagged() {
    assertThat(parse("with-constraints.txt").requirements())
        .containsExactly(
            req("requests>=2", "requirements/with-constraints.txt:1"),
            req("requests==2.32.3", "requirements/pins/constraints-pins.txt:2").asConstraint(),
            req("urllib3<2 ; python_version < \"3.10\"", "requirements/pins/constraints-pins.txt:3")
                .asConstraint(),
            req("idna==3.7", "requirements/pins/more-pins.txt:1").asConstraint());
  }

  @Test
  void indexOptionsAreCollected() {
    RequirementsTxtSource.RequirementsFile f = parse("index-options.txt");
    assertThat(f.requirements())
        .containsExactly(req("six==1.16.0", "requirements/index-options.txt:10"));
    assertThat(f.options())
        .isEqualTo(
            new IndexOptions(
                Optional.of("https://pypi.example/simple"),
                List.of("https://extra.example/simple"),
                List.of("./wheels", "https://links.example/"),
                List.of("pypi.example"),
                true,
                false,
                true));
  }

  @Test
  void noOptionsGiveNone() {
    assertThat(parse("comments.txt").options()).isEqualTo(IndexOptions.NONE);
  }

  @Test
  void environmentVariablesInTheBraceFormAreExpanded() {
    RequirementsTxtSource.RequirementsFile f = parse("env-vars.txt");
    assertThat(f.options().indexUrl()).contains("https://alice:s3cret@pypi.example/simple");
    assertThat(f.requirements()).containsExactly(req("six==1.16.0", "requirements/env-vars.txt:2"));
  }

  @Test
  void unsetVariablesStayAsWritten() {
    RequirementsTxtSource noEnv = new RequirementsTxtSource(Map.of("SIX_VERSION", "1.16.0"));
    assertThat(noEnv.parse(fixture("env-vars.txt"), "e.txt").options().indexUrl())
        .contains("https://${NOGIL_TEST_USER}:${NOGIL_TEST_TOKEN}@pypi.example/simple");
  }

  @Test
  void onlyTheBraceFormWithUpperCaseNamesIsExpanded() {
    assertThatThrownBy(() -> parse("env-vars-dollar-only.txt"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("requirements/env-vars-dollar-only.txt:2: ")
        .hasMessageContaining("requests==$REQUESTS_VERSION");
    RequirementsTxtSource lower = new RequirementsTxtSource(Map.of("lower_case", "2.2.2"));
    assertThatThrownBy(() -> lower.parse(fixture("env-vars-lower-case.txt"), "l.txt"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("l.txt:2: ")
        .hasMessageContaining("urllib3==${lower_case}");
  }

  @Test
  void unknownOptionIsReportedLikePip() {
    assertThatThrownBy(() -> parse("unknown-option.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("requirements/unknown-option.txt:3: unknown option '--foo'");
  }

  @Test
  void unknownOptionAfterARequirement() {
    assertThatThrownBy(() -> parse("unknown-requirement-option.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/unknown-requirement-option.txt:1: unknown option '--install-option'");
  }

  @Test
  void hashesAreCollectedPerRequirement() {
    List<InputRequirement> r = parse("hashes.txt").requirements();
    assertThat(r.get(0).hashes())
        .containsExactly(
            "sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6",
            "sha256:55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760");
    assertThat(r.get(1).hashes())
        .containsExactly("sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926");
  }

  @Test
  void pipCompileOutputWithHashesAndFindLinks() throws Exception {
    // inputs/pip-compile/requirements.txt: written by pip-compile (see inputs/README.md)
    Path file =
        Path.of(
            RequirementsTxtOptionsTest.class
                .getResource("/inputs/pip-compile/requirements.txt")
                .toURI());
    RequirementsTxtSource.RequirementsFile f = source.parse(file, "requirements.txt");
    assertThat(f.requirements())
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("attrs==23.2.0", "requirements.txt:9"),
            org.assertj.core.groups.Tuple.tuple("six==1.17.0", "requirements.txt:13"));
    assertThat(f.requirements()).allSatisfy(r -> assertThat(r.hashes()).hasSize(2));
    assertThat(f.options().findLinks()).containsExactly("/opt/wheels");
  }

  @Test
  void constraintsThatPipRejectsAreInputErrorsWithTheirLine() {
    assertThatThrownBy(() -> parse("constrain-editable.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/constraint-errors/editable.txt:3: editable requirements are not allowed"
                + " as constraints: -e git+https://github.com/psf/requests.git#egg=requests");
    assertThatThrownBy(() -> parse("constrain-unnamed.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/constraint-errors/unnamed.txt:1: unnamed requirements are not allowed"
                + " as constraints: git+https://github.com/psf/requests.git");
    assertThatThrownBy(() -> parse("constrain-extras.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/constraint-errors/extras.txt:2: constraints cannot have extras:"
                + " requests[socks]==2.32.3 (expected name and version)");
  }

  @Test
  void hashesMustNameAnAlgorithmPipAllowsAndAWholeDigest() {
    assertThatThrownBy(() -> parse("hash-md5.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/hash-md5.txt:1: --hash md5:0123456789abcdef0123456789abcdef: expected"
                + " ALGORITHM:HEX with sha256, sha384 or sha512, as pip allows");
    assertThatThrownBy(() -> parse("hash-short.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageStartingWith("requirements/hash-short.txt:1: --hash sha256:1e61")
        .hasMessageEndingWith(": expected 64 hex digits after 'sha256:' but found 63 characters");
  }

  @Test
  void relativeFindLinksBesideTheFileAreTakenFromThereElseAsWritten() {
    Path file = fixture("find-links/requirements.txt");
    assertThat(source.parse(file, "find-links/requirements.txt").options().findLinks())
        .containsExactly(file.getParent().resolve("wheels").toString(), "./not-here");
  }
}
