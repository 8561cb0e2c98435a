package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  private Map<String, String> pip(Path requirements) throws IOException {
    Path report = tmp.resolve("pip-report.json");
    ProcessResult r =
        new ProcessRunner()
            .run(
                ProcessSpec.of(
                    List.of(
                        fixtures.freeThreaded.executable().toString(),
                        "-m",
                        "pip",
                        "install",
                        "--dry-run",
                        "--ignore-installed",
                        "--disable-pip-version-check",
                        "--no-input",
                        "-q",
                        "--report",
                        report.toString(),
                        "--index-url",
                        fixtures.indexUrl,
                        "-r",
                        requirements.toString()),
                    Map.of(
                        "PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "PIP_NO_CACHE_DIR", "1"),
                    tmp,
                    Duration.ofMinutes(3)));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    Map<String, String> out = new TreeMap<>();
    new ObjectMapper()
        .readTree(Files.readString(report))
        .path("install")
        .forEach(
            i ->
                out.put(
                    i.path("metadata")
                        .path("name")
                        .asText()
                        .toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[-_.]+", "-"),
                    i.path("metadata").path("version").asText()));
    return out;
  }

  private Map<String, String> ours(Path requirements) throws IOException {
    Path json = tmp.resolve("ours.json");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "-r",
            requirements.toString(),
            "--no-probe",
            "--target",
            "3.13t",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("cache").toString(),
            "--json",
            json.toString());
    assertThat(cli.exitCode()).as(cli.err()).isIn(0, 1);
    Map<String, String> out = new TreeMap<>();
    Cli.packages(json).forEach((name, node) -> out.put(name, node.path("version").asText()));
    return out;
  }
}
