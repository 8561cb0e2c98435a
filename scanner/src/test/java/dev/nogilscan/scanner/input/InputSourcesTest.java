package dev.nogilscan.scanner.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.nogilscan.compatdb.pep.PackageName;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * pyproject.toml and the lock files, one fixture per behaviour under {@code
 * src/test/resources/inputs/} (the lock files were written by the real tools: see its README.md).
 */
class InputSourcesTest {
  private static Path fixture(String name) {
    URL url = InputSourcesTest.class.getResource("/inputs/" + name);
    assertThat(url).as("fixture " + name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<InputRequirement> read(RequirementSource source, String name) {
    return source.read(fixture(name), name);
  }

  @Test
  void detectionByFileName() {
    assertThat(RequirementSources.detect(Path.of("a/pyproject.toml")).map(RequirementSource::name))
        .contains("pyproject");
    assertThat(RequirementSources.detect(Path.of("pylock.toml")).map(RequirementSource::name))
        .contains("pylock");
    assertThat(RequirementSources.detect(Path.of("pylock.dev.toml")).map(RequirementSource::name))
        .contains("pylock");
    assertThat(RequirementSources.detect(Path.of("uv.lock")).map(RequirementSource::name))
        .contains("uv-lock");
    assertThat(RequirementSources.detect(Path.of("poetry.lock")).map(RequirementSource::name))
        .contains("poetry-lock");
    assertThat(RequirementSources.detect(Path.of("pdm.lock")).map(RequirementSource::name))
        .contains("pdm-lock");
    assertThat(RequirementSources.detect(Path.of("Pipfile.lock")).map(RequirementSource::name))
        .contains("pipfile-lock");
    assertThat(
            RequirementSources.detect(Path.of("requirements-dev.txt")).map(RequirementSource::name))
        .contains("requirements");
    assertThat(RequirementSources.detect(Path.of("Pipfile"))).isEmpty();
    assertThat(RequirementSources.names())
        .containsExactly(
            "requirements",
            "pyproject",
            "pylock",
            "uv-lock",
            "poetry-lock",
            "pdm-lock",
            "pipfile-lock");
  }

  // --- pyproject.toml

  @Test
  void pep621BaseDependencies() {
    assertThat(read(new PyprojectSource(), "pyproject/pep621.toml"))
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            tuple("httpx>=0.27", "pyproject/pep621.toml:10"),
            tuple("numpy>=2.1; python_version >= \"3.13\"", "pyproject/pep621.toml:11"));
  }

  @Test
  void extrasAreChosenByNormalizedNameAndSelfReferencesExpand() {
    assertThat(read(new PyprojectSource(List.of("fast-json"), List.of()), "pyproject/pep621.toml"))
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            tuple("httpx>=0.27", "pyproject/pep621.toml:10"),
            tuple("numpy>=2.1; python_version >= \"3.13\"", "pyproject/pep621.toml:11"),
            tuple("orjson>=3.10", "pyproject/pep621.toml:17"),
            // "demo-app[yaml]" names the project itself: its extra yaml is added
            tuple("pyyaml==6.0.2", "pyproject/pep621.toml:15"));
  }

  @Test
  void dependencyGroupsWithIncludes() {
    assertThat(read(new PyprojectSource(List.of(), List.of("dev")), "pyproject/pep621.toml"))
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            tuple("httpx>=0.27", "pyproject/pep621.toml:10"),
            tuple("numpy>=2.1; python_version >= \"3.13\"", "pyproject/pep621.toml:11"),
            tuple("pytest>=8", "pyproject/pep621.toml:22"),
            tuple("coverage[toml]", "pyproject/pep621.toml:22"),
            tuple("mypy==1.13.0", "pyproject/pep621.toml:23"),
            tuple("ruff", "pyproject/pep621.toml:27"));
  }

  @Test
  void unknownExtraOrGroupNamesTheChoices() {
    assertThatThrownBy(
            () -> read(new PyprojectSource(List.of("nope"), List.of()), "pyproject/pep621.toml"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "pyproject/pep621.toml: --extra nope: no such extra; expected one of: fast-json, yaml");
    assertThatThrownBy(
            () -> read(new PyprojectSource(List.of(), List.of("docs")), "pyproject/pep621.toml"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "pyproject/pep621.toml: --group docs: no such dependency group; expected one of: dev,"
                + " test, typing");
  }

  @Test
  void includeGroupCycle() {
    assertThatThrownBy(
            () -> read(new PyprojectSource(List.of(), List.of("a")), "pyproject/group-cycle.toml"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("pyproject/group-cycle.toml:7: dependency group a includes itself (a cycle)");
  }

  @Test
  void dynamicDependenciesCannotBeRead() {
    assertThatThrownBy(() -> read(new PyprojectSource(), "pyproject/dynamic.toml"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageStartingWith("pyproject/dynamic.toml:1: [project] dependencies are dynamic");
  }

  @Test
  void poetryConstraintsBecomePep440() {
    assertThat(read(new PyprojectSource(), "pyproject/poetry.toml"))
        .extracting(InputRequirement::text, InputRequirement::origin, InputRequirement::skipReason)
        .containsExactly(
            tuple("requests>=2.31,<3.0", "pyproject/poetry.toml:9", Optional.empty()),
            tuple("pendulum>=3.0,<3.1", "pyproject/poetry.toml:10", Optional.empty()),
            tuple("zero>=0.2.3,<0.3.0", "pyproject/poetry.toml:11", Optional.empty()),
            tuple("exact==1.4.2", "pyproject/poetry.toml:12", Optional.empty()),
            tuple("anything", "pyproject/poetry.toml:13", Optional.empty()),
            tuple("wild==2.1.*", "pyproject/poetry.toml:14", Optional.empty()),
            tuple("ranged>=1.2,<1.5", "pyproject/poetry.toml:15", Optional.empty()),
            tuple("uvicorn[standard]>=0.30,<0.31", "pyproject/poetry.toml:16", Optional.empty()),
            tuple(
                "tomli>=2 ; python_version < \"3.11\"",
                "pyproject/poetry.toml:17",
                Optional.empty()),
            tuple(
                "pywin32==306 ; sys_platform == 'win32'",
                "pyproject/poetry.toml:18",
                Optional.empty()),
            tuple(
                "mylib @ https://github.com/example/mylib.git",
                "pyproject/poetry.toml:19",
                Optional.of("VCS requirement: not assessed")),
            tuple(
                "local @ ../local",
                "pyproject/poetry.toml:20",
                Optional.of("local path requirement: not assessed")),
            tuple(
                "numpy>=1.26,<2.0 ; python_version < \"3.12\"",
                "pyproject/poetry.toml:22",
                Optional.empty()),
            tuple(
                "numpy>=2.1,<3.0 ; python_version >= \"3.12\"",
                "pyproject/poetry.toml:22",
                Optional.empty()));
  }

  @Test
  void poetryExtrasAndGroups() {
    List<InputRequirement> r =
        read(new PyprojectSource(List.of("fast"), List.of("test", "dev")), "pyproject/poetry.toml");
    assertThat(r)
        .extracting(InputRequirement::text, InputRequirement::origin)
        .contains(
            tuple("orjson>=3.10,<4.0", "pyproject/poetry.toml:21"),
            tuple("pytest>=8.0,<9.0", "pyproject/poetry.toml:31"),
            tuple("black>=24.0,<25.0", "pyproject/poetry.toml:34"));
  }

  @Test
  void poetry2ProjectTableWinsOverToolPoetryDependencies() {
    assertThat(read(new PyprojectSource(List.of(), List.of("test")), "pyproject/poetry2.toml"))
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            tuple("requests (>=2.31,<3.0)", "pyproject/poetry2.toml:5"),
            tuple("pytest>=8.0,<9.0", "pyproject/poetry2.toml:12"));
  }

  @Test
  void hugeFilesAreRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path big = dir.resolve("uv.lock");
    try (var out = java.nio.file.Files.newOutputStream(big)) {
      byte[] line =
          "# padding padding padding padding padding padding padding padding\n".getBytes();
      for (long n = 0; n <= TextFiles.MAX_BYTES / line.length; n++) {
        out.write(line);
      }
    }
    assertThatThrownBy(() -> new UvLockSource().read(big, "uv.lock"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageMatching("uv\\.lock: \\d+ bytes, larger than the limit of 16777216");
  }

  @Test
  void inputFormatNames() {
    assertThat(RequirementSources.named("poetry-lock")).containsInstanceOf(PoetryLockSource.class);
    assertThat(RequirementSources.named("nope")).isEmpty();
  }

  @Test
  void poetryCaretAndTilde() {
    assertThat(PoetryConstraint.toPep440("^1.2.3")).isEqualTo(">=1.2.3,<2.0.0");
    assertThat(PoetryConstraint.toPep440("^0.0.3")).isEqualTo(">=0.0.3,<0.0.4");
    assertThat(PoetryConstraint.toPep440("^0.0")).isEqualTo(">=0.0,<0.1");
    assertThat(PoetryConstraint.toPep440("^0")).isEqualTo(">=0,<1");
    assertThat(PoetryConstraint.toPep440("~1")).isEqualTo(">=1,<2");
    assertThat(PoetryConstraint.toPep440("~1.2.3")).isEqualTo(">=1.2.3,<1.3.0");
    assertThat(PoetryConstraint.toPep440(">= 1.2, < 1.5")).isEqualTo(">=1.2,<1.5");
    assertThat(PoetryConstraint.toPep440("~=1.4")).isEqualTo("~=1.4");
    assertThatThrownBy(() -> PoetryConstraint.toPep440("^1.0 || ^2.0"))
        .hasMessage("'^1.0 || ^2.0' is a union (||), which PEP 440 cannot express");
  }

  // --- lock files

  private static void assertLocked(
      InputRequirement in, String text, String origin, String version, int files) {
    assertThat(in.text()).isEqualTo(text);
    assertThat(in.origin()).isEqualTo(origin);
    assertThat(in.locked()).isPresent();
    assertThat(in.locked().get().version().toString()).isEqualTo(version);
    assertThat(in.locked().get().files()).hasSize(files);
    assertThat(in.locked().get().files()).allSatisfy(f -> assertThat(f.sha256()).isPresent());
  }

  @Test
  void uvLock() {
    List<InputRequirement> r = read(new UvLockSource(), "uv/uv.lock");
    assertThat(r)
        .extracting(InputRequirement::text)
        .containsExactly(
            "attrs==23.2.0",
            "colorama==0.4.6 ; sys_platform == 'win32'",
            "iniconfig==2.0.0",
            "pyyaml==6.0.2",
            "six==1.17.0");
    assertLocked(r.get(0), "attrs==23.2.0", "uv/uv.lock:6", "23.2.0", 2);
    assertThat(r.get(0).locked().get().files().get(0))
        .isEqualTo(
            new Locked.LockedFile(
                Optional.of("attrs-23.2.0-py3-none-any.whl"),
                Optional.of(
                    "https://files.pythonhosted.org/packages/e0/44/827b2a91a5816512fcaf3cc4ebc465ccd5d598c45cefa6703fcf4a79018f/attrs-23.2.0-py3-none-any.whl"),
                Optional.of("99b87a485a5820b23b879f04c2305b44b951b502fd64be915879d77a7e8fc6f1")));
    assertThat(r.get(3).origin()).isEqualTo("uv/uv.lock:65");
    assertThat(r.get(3).locked().get().files().size()).isGreaterThan(20);
  }

  @Test
  void uvLockForkedVersionsKeepTheirOwnMarkers() {
    // hand-written in uv's format: a universal lock with two numpy releases, one per Python range
    assertThat(read(new UvLockSource(), "uv-fork/uv.lock"))
        .extracting(InputRequirement::text, InputRequirement::origin, InputRequirement::skipReason)
        .containsExactly(
            tuple(
                "numpy==2.0.2 ; python_full_version < '3.10'",
                "uv-fork/uv.lock:20",
                Optional.empty()),
            tuple(
                "numpy==2.2.6 ; python_full_version >= '3.10'",
                "uv-fork/uv.lock:29",
                Optional.empty()),
            tuple(
                "vendored @ https://github.com/example/vendored?rev=v1.0#0123456789abcdef0123456789abcdef01234567",
                "uv-fork/uv.lock:38",
                Optional.of("VCS requirement: not assessed")));
  }

  @Test
  void pylock() {
    List<InputRequirement> r = read(new PylockSource(), "uv/pylock.toml");
    assertThat(r)
        .extracting(InputRequirement::text)
        .containsExactly(
            "attrs==23.2.0",
            "colorama==0.4.6 ; sys_platform == 'win32'",
            "iniconfig==2.0.0",
            "pyyaml==6.0.2",
            "six==1.17.0");
    assertLocked(
        r.get(1), "colorama==0.4.6 ; sys_platform == 'win32'", "uv/pylock.toml:15", "0.4.6", 2);
    assertThat(r.get(3).locked().get().files())
        .anySatisfy(
            f ->
                assertThat(f.filename())
                    .contains(
                        "pyyaml-6.0.2-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"));
  }

  @Test
  void poetryLock() {
    List<InputRequirement> r = read(new PoetryLockSource(), "poetry/poetry.lock");
    assertThat(r)
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            tuple("attrs==23.2.0", "poetry/poetry.lock:4"),
            tuple("colorama==0.4.6 ; sys_platform == \"win32\"", "poetry/poetry.lock:29"),
            tuple("six==1.16.0", "poetry/poetry.lock:47"),
            tuple("tomli==2.5.0", "poetry/poetry.lock:64"));
    assertLocked(r.get(2), "six==1.16.0", "poetry/poetry.lock:47", "1.16.0", 2);
  }

  @Test
  void pdmLock() {
    List<InputRequirement> r = read(new PdmLockSource(), "pdm/pdm.lock");
    assertThat(r)
        .extracting(InputRequirement::text, InputRequirement::origin, InputRequirement::skipReason)
        .containsExactly(
            tuple("attrs==23.2.0", "pdm/pdm.lock:14", Optional.empty()),
            tuple(
                "colorama==0.4.6 ; sys_platform == \"win32\"", "pdm/pdm.lock:28", Optional.empty()),
            tuple(
                "demo-lib @ ./libs/demo-lib",
                "pdm/pdm.lock:40",
                Optional.of("editable requirement: not assessed")),
            tuple("iniconfig==2.0.0", "pdm/pdm.lock:48", Optional.empty()),
            tuple("six==1.17.0", "pdm/pdm.lock:59", Optional.empty()));
    assertThat(r.get(0).locked().get().dependencies())
        .containsExactly(PackageName.of("importlib-metadata"));
  }

  @Test
  void pipfileLock() {
    List<InputRequirement> r = read(new PipfileLockSource(), "pipenv/Pipfile.lock");
    assertThat(r)
        .extracting(InputRequirement::text, InputRequirement::origin)
        .containsExactly(
            tuple("attrs==23.2.0 ; python_version >= '3.7'", "pipenv/Pipfile.lock:19"),
            tuple("colorama==0.4.6 ; sys_platform == 'win32'", "pipenv/Pipfile.lock:28"),
            tuple(
                "six==1.17.0 ; python_version >= '2.7' and python_version != '3.0' and"
                    + " python_version != '3.1' and python_version != '3.2'",
                "pipenv/Pipfile.lock:36"),
            tuple("iniconfig==2.0.0 ; python_version >= '3.7'", "pipenv/Pipfile.lock:47"));
    // Pipfile.lock hashes carry no file names
    assertThat(r.get(0).locked().get().files())
        .allSatisfy(f -> assertThat(f.filename()).isEmpty())
        .hasSize(2);
  }

  // --- bad input

  @Test
  void tomlSyntaxErrorHasLineAndCaret() {
    assertThatThrownBy(() -> read(new UvLockSource(), "bad/unterminated-string.lock"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageStartingWith("bad/unterminated-string.lock:2: invalid TOML: ")
        .hasMessageContaining("\nversion = \"1.0\n");
  }

  @Test
  void jsonSyntaxErrorHasLineAndCaret() {
    assertThatThrownBy(() -> read(new PipfileLockSource(), "bad/trailing-comma.json"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageStartingWith("bad/trailing-comma.json:3: invalid JSON: ")
        .hasMessageContaining("\n    \"six\": {\"version\": \"==1.16.0\",}\n")
        .hasMessageEndingWith("^");
  }

  @Test
  void missingVersionNamesTheEntry() {
    assertThatThrownBy(() -> read(new PylockSource(), "bad/pylock-no-version.toml"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage(
            "bad/pylock-no-version.toml:4: expected a 'version' string in [[packages]] six but found"
                + " none");
  }

  @Test
  void invalidVersion() {
    assertThatThrownBy(() -> read(new UvLockSource(), "bad/bad-version.lock"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessageStartingWith("bad/bad-version.lock:4: six: ");
  }

  @Test
  void binaryAndNonUtf8Files() {
    assertThatThrownBy(() -> read(new UvLockSource(), "bad/binary.lock"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("bad/binary.lock: binary file (NUL byte), expected a text uv.lock");
    assertThatThrownBy(() -> read(new PyprojectSource(), "bad/latin1.toml"))
        .isExactlyInstanceOf(InputException.class)
        .hasMessage("bad/latin1.toml: not UTF-8 text");
  }
}
