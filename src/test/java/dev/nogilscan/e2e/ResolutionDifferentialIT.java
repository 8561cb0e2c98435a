package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our resolution equals pip's: for each requirements file under src/test/fixtures/resolution/,
 * {@code pip install --dry-run --ignore-installed --report} run by the provisioned free-threaded
 * interpreter (whose own tags are the target's) and {@code nogil-scan scan --no-probe} for 3.13t
 * pick the same releases from the same local index.
 */
class ResolutionDifferentialIT {
  static final Path SCENARIOS = Fixtures.FIXTURES.resolve("resolution");
  @TempDir static Path shared;
  static Fixtures fixtures;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    fixtures = Fixtures.startSpec(shared, SCENARIOS.resolve("projects.json"));
  }

  @AfterAll
  static void stop() {
    if (fixtures != null) {
      fixtures.close();
    }
  }

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(SCENARIOS)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sameReleasesAsPip(String scenario) throws IOException {
    Path requirements = SCENARIOS.resolve(scenario);
    Map<String, String> pip = pip(requirements);
    Map<String, String> ours = ours(requirements);
    assertThat(pip).as("pip resolved something").isNotEmpty();
    assertThat(ours).isEqualTo(pip);
  }

  @Test
  void aConflictNamesTheRequirementsAndTheLinesThatDisagree() throws IOException {
    Path req = fixtures.write("conflict.txt", "conflicted\nlib-b==2.0\n");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "-r",
            req.toString(),
            "--no-probe",
            "--target",
            "3.13t",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("c").toString());
    assertThat(cli.exitCode()).isEqualTo(2);
    List<String> lines = cli.err().strip().lines().toList();
    assertThat(lines.subList(lines.size() - 4, lines.size()))
        .containsExactly(
            "nogil-scan: cannot resolve: no version of shared satisfies all of:",
            "  shared<1.5  (required by conflicted 1.0 \u2190 " + req + ":1)",
            "  shared>=2  (required by lib-b 2.0 \u2190 " + req + ":2)",
            "  versions on the index: 1.0, 1.5, 2.0, 2.1");
  }

  @Test
  void blockersAndMissingDependenciesKeepTheirChainsAndDoNotStopTheScan() throws IOException {
    Path req = fixtures.write("blockers.txt", "needs-native\nneeds-ghost\n");
    Path json = tmp.resolve("r.json");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "-r",
            req.toString(),
            "--no-probe",
            "--target",
            "3.13t",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("c").toString(),
            "--json",
            json.toString());
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
    Map<String, JsonNode> p = Cli.packages(json);
    assertThat(p.get("nativeonly").path("status").asText()).isEqualTo("incompatible");
    assertThat(p.get("nativeonly").path("chain").toString())
        .isEqualTo("[\"needs-native 1.0\",\"" + req + ":1\"]");
    assertThat(p.get("nativeonly").path("direct").asBoolean()).isFalse();
    assertThat(p.get("ghost").path("status").asText()).isEqualTo("skipped");
    assertThat(p.get("ghost").path("reason").asText()).startsWith("not found on the index");
    assertThat(p.get("needs-native").path("evidence").toString())
        .contains("pulls in nativeonly 2.0: incompatible (needs-native 1.0 \u2190 " + req + ":1)");
  }

  @Test
  void noDepsScansOnlyWhatIsListed() throws IOException {
    Path json = tmp.resolve("r.json");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "app",
            "--no-deps",
            "--no-probe",
            "--target",
            "3.13t",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("c").toString(),
            "--json",
            json.toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(Cli.statuses(json)).containsOnlyKeys("app");
    assertThat(Cli.packages(json).get("app").path("version").asText()).isEqualTo("2.0");
  }

  private Cli scan(Path cache, Path json, String... args) {
    List<String> all =
        new java.util.ArrayList<>(List.of("scan", "--no-probe", "--target", "3.13t"));
    all.addAll(List.of(args));
    all.addAll(List.of("--cache-dir", cache.toString(), "--json", json.toString()));
    return Cli.run(Cli.env(tmp), tmp, all.toArray(String[]::new));
  }

  @Test
  void aConstraintThatConflictsWithADependencyNamesItsLine() throws IOException {
    Path constraints = fixtures.write("pins.txt", "# pins\nshared>=2\n");
    Path req = fixtures.write("constrained.txt", "app==2.0\n-c pins.txt\n");
    Cli cli =
        scan(
            tmp.resolve("c"),
            tmp.resolve("r.json"),
            "-r",
            req.toString(),
            "--index-url",
            fixtures.indexUrl);
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
    assertThat(cli.err())
        .contains("cannot resolve: no version of shared satisfies all of:")
        .contains("  shared>=2  (constraint from " + constraints + ":2)")
        .contains("(required by app 2.0 \u2190 " + req + ":1)");
  }

  @Test
  void anIndexUrlInTheFileIsUsedOverTheCommandLinesAsInPip() throws IOException {
    Path req =
        fixtures.write("with-index.txt", "--index-url " + fixtures.indexUrl + "\nshared==1.0\n");
    Path json = tmp.resolve("r.json");
    // the command line names a port nothing listens on: only the file's index can answer
    Cli cli =
        scan(
            tmp.resolve("c"),
            json,
            "-r",
            req.toString(),
            "--index-url",
            "http://127.0.0.1:9/simple/");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(Cli.packages(json).get("shared").path("version").asText()).isEqualTo("1.0");
  }

  @Test
  void noIndexAndFindLinksBesideTheFileAreHonoured() throws IOException {
    Path project = tmp.resolve("project");
    Files.createDirectories(project.resolve("wheels"));
    Files.copy(
        fixtures.dir.resolve("index/files/shared-1.0-py3-none-any.whl"),
        project.resolve("wheels/shared-1.0-py3-none-any.whl"));
    Path req = project.resolve("requirements.txt");
    Files.writeString(req, "--no-index\n--find-links wheels\nshared\n");
    Path json = tmp.resolve("r.json");
    // run from elsewhere: "wheels" is found beside the file, not in the working directory
    Cli cli = scan(tmp.resolve("c"), json, "-r", req.toString(), "--index-url", fixtures.indexUrl);
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(Cli.packages(json).get("shared").path("version").asText()).isEqualTo("1.0");
    assertThat(cli.err()).contains(project.resolve("wheels").toString());
  }

  @Test
  void aHashThatDoesNotMatchSkipsThePackageNamingBothHashesAndCachesNothing() throws IOException {
    String listed = ArchiveSha.of(fixtures.dir.resolve("index/files/shared-1.0-py3-none-any.whl"));
    String wrong = "0".repeat(64);
    Path req = fixtures.write("bad-hash.txt", "shared==1.0 --hash=sha256:" + wrong + "\n");
    Path json = tmp.resolve("r.json");
    Path cache = tmp.resolve("c");
    Cli cli = scan(cache, json, "-r", req.toString(), "--index-url", fixtures.indexUrl);
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode shared = Cli.packages(json).get("shared");
    assertThat(shared.path("status").asText()).isEqualTo("skipped");
    assertThat(shared.path("reason").asText())
        .isEqualTo(
            "hash mismatch: shared-1.0-py3-none-any.whl: expected sha256 "
                + wrong
                + " but the index lists "
                + listed
                + "; nothing was cached");
    try (Stream<Path> files = Files.walk(cache)) {
      assertThat(files.map(Path::getFileName).map(Path::toString))
          .doesNotContain("shared-1.0-py3-none-any.whl");
    }
  }

  @Test
  void hashCheckingModeStopsOnDependenciesWithoutLinesAsPipDoes() throws IOException {
    String app = ArchiveSha.of(fixtures.dir.resolve("index/files/app-2.0-py3-none-any.whl"));
    Path req = fixtures.write("partial-hashes.txt", "app==2.0 --hash=sha256:" + app + "\n");
    Cli cli =
        scan(
            tmp.resolve("c"),
            tmp.resolve("r.json"),
            "-r",
            req.toString(),
            "--index-url",
            fixtures.indexUrl);
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
    assertThat(cli.err())
        .contains("hash-checking mode")
        .contains("    lib-a>=2  (required by app 2.0)")
        .contains("    shared<2  (required by app 2.0)");
  }

  /** sha256 of a file, computed here so the test does not trust the scanner's own hashing. */
  static final class ArchiveSha {
    static String of(Path file) throws IOException {
      try {
        return java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Map<String, String> pip(Path requirements) throws IOException {
    return Resolutions.pip(
        fixtures.freeThreaded.executable(),
        fixtures.indexUrl,
        requirements,
        tmp,
        Map.of(),
        Duration.ofMinutes(3));
  }

  private Map<String, String> ours(Path requirements) throws IOException {
    return Resolutions.ours(fixtures.indexUrl, requirements, tmp);
  }
}
