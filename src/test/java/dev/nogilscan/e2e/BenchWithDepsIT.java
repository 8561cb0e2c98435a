package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --bench quick --with-deps} for real: the fixture packages, built for the
 * free-threaded CPython and for its GIL twin, served on loopback, scanned, installed for each build
 * and imported before every benchmark run. {@code legacyext} re-enables the GIL on import: the
 * free-threaded results must say so, by name, in every report.
 */
class BenchWithDepsIT {
  @TempDir static Path shared;
  static Fixtures fixtures;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    fixtures = Fixtures.startWithTwin(shared);
  }

  @AfterAll
  static void stop() {
    if (fixtures != null) {
      fixtures.close();
    }
  }

  @Test
  void aDependencyThatReEnablesTheGilIsNamedInTheBenchmarkOfEveryReport() throws Exception {
    Path json = tmp.resolve("report.json");
    Path html = tmp.resolve("report.html");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "-r",
            fixtures.requirements().toString(),
            "--index-url",
            fixtures.indexUrl,
            "--python",
            fixtures.freeThreaded.executable().toString(),
            "--cache-dir",
            tmp.resolve("cache").toString(),
            "--bench",
            "quick",
            "--with-deps",
            "--format",
            "md",
            "--output-dir",
            tmp.toString(),
            "-o",
            html.toString(),
            "--json",
            json.toString());
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1); // incompatible packages reach --fail-on

    JsonNode bench = new ObjectMapper().readTree(Files.readString(json)).path("bench");
    JsonNode deps = bench.path("dependencies");
    // Each build got its own native wheels: legacyext and fastfree exist for cp313t and cp313;
    // the abi3-only stableabi installs on the GIL twin only; the sdist-only csource on neither.
    assertThat(texts(deps.path("freeThreaded")))
        .containsExactly(
            "brokenimport 1.0.0", "fastfree 1.0.0", "legacyext 1.0.0", "purelib 1.0.0");
    assertThat(texts(deps.path("gil")))
        .containsExactly(
            "brokenimport 1.0.0",
            "fastfree 1.0.0",
            "legacyext 1.0.0",
            "purelib 1.0.0",
            "stableabi 1.0.0");
    assertThat(texts(deps.path("notInstalled")))
        .containsExactly(
            "csource 1.0.0 (both builds): sdist only (csource-1.0.0.tar.gz): nogil-scan does not"
                + " build packages",
            "stableabi 1.0.0 (free-threaded): no wheel or sdist of this release for 3.13t");
    assertThat(texts(deps.path("gilReenabledBy")))
        .containsExactly("legacyext._core (legacyext 1.0.0)");
    assertThat(bench.path("gilStayedOff").asBoolean()).isFalse();
    String verdict = bench.path("gilVerdict").asText();
    assertThat(verdict)
        .startsWith("The GIL was re-enabled by legacyext._core (legacyext 1.0.0)")
        .contains("ran serialised");
    // Every free-threaded result was measured with the GIL back on, and says so.
    assertThat(bench.path("rows").size()).isGreaterThanOrEqualTo(18);
    for (JsonNode row : bench.path("rows")) {
      assertThat(texts(row.path("gilReenabledBy")))
          .as(row.path("workload").asText() + " x" + row.path("threads").asInt())
          .containsExactly("legacyext._core");
      assertThat(row.path("freeThreadedSamples").size()).isEqualTo(9);
      assertThat(row.path("gilSamples").size()).isEqualTo(9);
    }
    assertThat(texts(bench.path("warnings")))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "--with-deps (free-threaded): failed to import before the work:"
                            + " brokenimport: "))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "--with-deps: the GIL was re-enabled by legacyext._core (legacyext 1.0.0)"
                            + " on import, before the work, in "));
    assertThat(Files.readString(html))
        .contains("<b>GIL re-enabled by legacyext._core</b>")
        .contains("Not installed: csource 1.0.0 (both builds)");
    assertThat(Files.readString(tmp.resolve("nogil-scan-report.md")))
        .contains("**" + verdict.replace("|", "\\|") + "**")
        .contains("| **GIL re-enabled by legacyext._core** |");
    assertThat(cli.out()).contains(verdict);
    assertThat(cli.err())
        .contains(
            "bench --with-deps: 4 distribution(s) for the free-threaded build, 5 for the GIL twin, 2 not installed");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
