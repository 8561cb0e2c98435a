package dev.nogilscan.scanner.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nogilscan.compatdb.pep.PepSyntaxException;
import dev.nogilscan.compatdb.pep.Requirement;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One fixture file per behaviour, under {@code src/test/resources/requirements/}. */
class RequirementsTxtSourceTest {
  private final RequirementsTxtSource source = new RequirementsTxtSource();

  private static Path fixture(String name) {
    URL url = RequirementsTxtSourceTest.class.getResource("/requirements/" + name);
    assertThat(url).as("fixture " + name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<InputRequirement> read(String name) {
    return source.read(fixture(name), "requirements/" + name);
  }

  private static InputRequirement req(String text, String origin) {
    return InputRequirement.of(text, origin, Requirement.parse(text));
  }

  @Test
  void nameAndDetection() {
    assertThat(source.name()).isEqualTo("requirements");
    assertThat(source.detects(Path.of("requirements.txt"))).isTrue();
    assertThat(source.detects(Path.of("dir/dev.txt"))).isTrue();
    assertThat(source.detects(Path.of("requirements.in"))).isTrue();
    assertThat(source.detects(Path.of("requirements-dev.lock"))).isTrue();
    assertThat(source.detects(Path.of("pyproject.toml"))).isFalse();
    assertThat(source.detects(Path.of("uv.lock"))).isFalse();
    assertThat(RequirementSources.requirementsTxt()).isInstanceOf(RequirementsTxtSource.class);
    assertThat(RequirementSources.detect(Path.of("x/requirements.txt"))).isPresent();
    assertThat(RequirementSources.detect(Path.of("pyproject.toml")))
        .containsInstanceOf(PyprojectSource.class);
  }

  @Test
  void comments() {
    assertThat(read("comments.txt"))
        .containsExactly(
            req("requests==2.32.3", "requirements/comments.txt:2"),
            req("urllib3==2.2.2", "requirements/comments.txt:5"),
            // pip: '#' starts a comment only at the line start or after whitespace
            req(
                "demo @ https://files.example/demo-1.0.tar.gz#sha256=0123",
                "requirements/comments.txt:6"),
            req("six==1.16.0", "requirements/comments.txt:7"));
  }

  @Test
  void emptyFile() {
    assertThat(read("empty.txt")).isEmpty();
  }

  @Test
  void continuationLinesKeepTheFirstLineNumber() {
    List<InputRequirement> requirements = read("continuation-lines.txt");

    assertThat(requirements)
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "requests     ==2.32.3", "requirements/continuation-lines.txt:1"),
            org.assertj.core.groups.Tuple.tuple(
                "urllib3>=2,   <3   ; python_version >= \"3.8\"",
                "requirements/continuation-lines.txt:3"),
            // a backslash on the last line continues nothing
            org.assertj.core.groups.Tuple.tuple(
                "six==1.16.0", "requirements/continuation-lines.txt:6"));
    assertThat(requirements.get(0).requirement().orElseThrow().toString())
        .isEqualTo("requests==2.32.3");
    assertThat(requirements.get(1).requirement().orElseThrow().marker()).isPresent();
  }

  @Test
  void nestedIncludesAreRelativeToTheIncludingFile() {
    assertThat(read("nested/main.txt"))
        .containsExactly(
            req("requests==2.32.3", "requirements/nested/base.txt:1"),
            req("flask==3.0.3", "requirements/nested/main.txt:2"),
            req("gunicorn==22.0.0", "requirements/nested/sub/extra.txt:1"),
            // a file included twice (not a cycle) is read twice, origins normalised
            req("requests==2.32.3", "requirements/nested/base.txt:1"));
  }

  @Test
  void includeCycleNamesTheLine() {
    assertThatThrownBy(() -> read("cycle/a.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/cycle/b.txt:3: -r requirements/cycle/a.txt includes itself (a cycle)");
  }

  @Test
  void selfInclude() {
    assertThatThrownBy(() -> read("self-include.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/self-include.txt:1: -r requirements/self-include.txt includes itself (a"
                + " cycle)");
  }

  @Test
  void missingInclude() {
    assertThatThrownBy(() -> read("missing-include.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/missing-include.txt:2: -r requirements/does-not-exist.txt: no such file");
  }

  @Test
  void includeWithoutAFileName() {
    assertThatThrownBy(() -> read("include-without-file.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("requirements/include-without-file.txt:1: expected a file name after -r");
  }

  @Test
  void missingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> source.read(dir.resolve("nope.txt"), "nope.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("nope.txt: no such file");
  }

  @Test
  void directory(@TempDir Path dir) {
    assertThatThrownBy(() -> source.read(dir, "somedir"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("somedir: is a directory, expected a requirements file");
  }

  @Test
  void editableAndVcsLinesAreSkippedWithReasons() {
    String f = "requirements/editable-and-vcs.txt:";
    assertThat(read("editable-and-vcs.txt"))
        .containsExactly(
            InputRequirement.skipped("-e .", f + 1, "editable requirement: not assessed"),
            InputRequirement.skipped(
                "--editable git+https://github.com/psf/requests.git#egg=requests",
                f + 2,
                "editable requirement: not assessed"),
            InputRequirement.skipped(
                "git+https://github.com/pallets/flask.git@3.0.3#egg=flask",
                f + 3,
                "VCS requirement: not assessed"),
            InputRequirement.skipped(
                "hg+https://hg.example/proj#egg=proj", f + 4, "VCS requirement: not assessed"),
            req("six==1.16.0", f + 5));
  }

  @Test
  void urlAndLocalPathLinesAreSkippedWithReasons() {
    String f = "requirements/urls-and-paths.txt:";
    assertThat(read("urls-and-paths.txt"))
        .containsExactly(
            InputRequirement.skipped(
                "https://files.example/demo-1.0.tar.gz", f + 1, "URL requirement: not assessed"),
            InputRequirement.skipped(
                "file:///tmp/demo-1.0-py3-none-any.whl", f + 2, "URL requirement: not assessed"),
            InputRequirement.skipped("./local/demo", f + 3, "local path requirement: not assessed"),
            InputRequirement.skipped("../sibling", f + 4, "local path requirement: not assessed"),
            InputRequirement.skipped(
                "/abs/path/demo-1.0.tar.gz", f + 5, "local path requirement: not assessed"),
            InputRequirement.skipped(".", f + 6, "local path requirement: not assessed"),
            // PEP 508 direct references are requirements with a name
            req("demo @ https://files.example/demo-1.0.tar.gz", f + 7),
            req("six==1.16.0", f + 8));
  }

  @Test
  void hashOptionsAreStripped() {
    assertThat(read("hashes.txt"))
        .containsExactly(
            // the hashes are kept for verification, not in the text
            req("requests==2.32.3", "requirements/hashes.txt:1")
                .withHashes(
                    List.of(
                        "sha256:70761cfe03c773ceb22aa2f671b4757976145175cdfca038c02654d061d6dcc6",
                        "sha256:55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760")),
            req("six==1.16.0", "requirements/hashes.txt:4")
                .withHashes(
                    List.of(
                        "sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926")));
  }

  @Test
  void globalOptionsAreIgnoredAndNotMistakenForIncludes() {
    assertThat(read("global-options.txt"))
        .containsExactly(req("six==1.16.0", "requirements/global-options.txt:7"));
  }

  @Test
  void binaryFile() {
    assertThatThrownBy(() -> read("binary.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/binary.txt: binary file (NUL byte), expected a text requirements file");
  }

  @Test
  void nonUtf8File() {
    assertThatThrownBy(() -> read("latin1.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("requirements/latin1.txt: not UTF-8 text");
  }

  @Test
  void crlfAndByteOrderMark(@TempDir Path dir) throws Exception {
    // written here: git could normalise the line endings of a committed fixture
    Path file = dir.resolve("windows.txt");
    Files.writeString(
        file, "\uFEFFrequests==2.32.3\r\n# comment\r\nsix==1.16.0\r\n", StandardCharsets.UTF_8);

    assertThat(source.read(file, "windows.txt"))
        .containsExactly(
            req("requests==2.32.3", "windows.txt:1"), req("six==1.16.0", "windows.txt:3"));
  }

  @Test
  void syntaxErrorHasFileLineAndCaret() {
    assertThatThrownBy(() -> read("bad-version.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/bad-version.txt:2: expected a version specifier, ';' (before a marker)"
                + " or end at position 5\n"
                + "flask==\n"
                + "     ^")
        .hasCauseInstanceOf(PepSyntaxException.class);
  }

  @Test
  void badMarker() {
    assertThatThrownBy(() -> read("bad-marker.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/bad-marker.txt:1: expected a marker variable (python_version,"
                + " sys_platform, extra...) or a quoted string at position 30\n"
                + "six==1.16.0 ; python_version >< \"3\"\n"
                + "                              ^");
  }

  @Test
  void syntaxErrorOnAContinuedLineNamesItsFirstLine() {
    assertThatThrownBy(() -> read("bad-continued.txt"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "requirements/bad-continued.txt:1: expected a marker variable (python_version,"
                + " sys_platform, extra...) or a quoted string at position 33\n"
                + "requests>=2   ; python_version >=\n"
                + "                                 ^");
  }
}
