package dev.nogilscan.interpreter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BenchStatisticsTest {
  private static final Workload NBODY = new Workload("nbody", Workload.Kind.SINGLE, "n-body");
  private static final Workload CPU = new Workload("cpu_threads", Workload.Kind.MULTI, "cpu");

  @Test
  void quartilesInterpolateBetweenOrderStatistics() {
    Statistics s = Statistics.of(List.of(4.0, 1.0, 3.0, 2.0));
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.q1()).isEqualTo(1.75);
    assertThat(s.q3()).isEqualTo(3.25);
    assertThat(s.iqr()).isEqualTo(1.5);
    assertThat(s.relativeSpread()).isEqualTo(0.6);
    assertThat(s.mean()).isEqualTo(2.5);
    assertThat(s.stdev()).isCloseTo(1.2909944, within(1e-6));
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(4.0);
  }

  @Test
  void oneSampleHasNoSpreadAndNoSamplesAreNaN() {
    Statistics one = Statistics.of(List.of(0.5));
    assertThat(one.median()).isEqualTo(0.5);
    assertThat(one.iqr()).isZero();
    assertThat(one.stdev()).isZero();
    assertThat(Statistics.of(List.of()).count()).isZero();
    assertThat(Statistics.of(List.of()).relativeSpread()).isNaN();
  }

  @Test
  void geometricMeanOfRatiosIgnoresNonPositiveValues() {
    assertThat(Statistics.geometricMean(List.of(2.0, 0.5)).getAsDouble())
        .isCloseTo(1.0, within(1e-12));
    assertThat(Statistics.geometricMean(List.of(0.5, 0.5, 0.0, Double.NaN)).getAsDouble())
        .isCloseTo(0.5, within(1e-12));
    assertThat(Statistics.geometricMean(List.of())).isEmpty();
  }

  @Test
  void threadCountsArePowersOfTwoUpToTheMaximum() {
    assertThat(BenchPlan.threadCounts(1)).containsExactly(1);
    assertThat(BenchPlan.threadCounts(2)).containsExactly(1, 2);
    assertThat(BenchPlan.threadCounts(6)).containsExactly(1, 2, 4, 6);
    assertThat(BenchPlan.threadCounts(8)).containsExactly(1, 2, 4, 8);
    assertThatThrownBy(() -> BenchPlan.threadCounts(0))
        .hasMessage("--max-threads must be at least 1 but found 0");
  }

  @Test
  void cpuListsAndTasksetPrefixes() {
    assertThat(BenchRunner.parseCpuList("0-3,8,10-11")).containsExactly(0, 1, 2, 3, 8, 10, 11);
    assertThat(BenchRunner.tasksetPrefix(List.of(0, 1, 2, 3), 1))
        .containsExactly("taskset", "-c", "3");
    assertThat(BenchRunner.tasksetPrefix(List.of(0, 1, 2, 3), 2))
        .containsExactly("taskset", "-c", "2,3");
    assertThat(BenchRunner.tasksetPrefix(List.of(0, 1), 8)).containsExactly("taskset", "-c", "0,1");
  }

  @Test
  void aCellIsNoisyWhenEitherSpreadIsWideOrSamplesAreFew() {
    Measurement tight = measurement(1.00, 1.01, 0.99, 1.00);
    Measurement wide = measurement(1.0, 1.5, 0.7, 1.2);
    assertThat(CellResult.of(NBODY, 1, tight, tight, 0.10).noisy()).isFalse();
    assertThat(CellResult.of(NBODY, 1, tight, wide, 0.10).noisy()).isTrue();
    assertThat(CellResult.of(NBODY, 1, measurement(1.0, 1.0), tight, 0.10).noisy()).isTrue();
  }

  @Test
  void aNoisyCellCanStillBeSeparated() {
    Measurement slow = measurement(2.0, 2.6, 3.0, 2.2);
    Measurement fast = measurement(1.0, 1.5, 0.7, 1.2);
    CellResult apart = CellResult.of(NBODY, 1, slow, fast, 0.10);
    assertThat(apart.noisy()).isTrue();
    assertThat(apart.separated()).isTrue();
    CellResult overlapping = CellResult.of(NBODY, 1, measurement(1.0, 1.4, 0.8, 1.1), fast, 0.10);
    assertThat(overlapping.separated()).isFalse();
  }

  @Test
  void speedupIsGilOverFreeThreaded() {
    CellResult c =
        CellResult.of(NBODY, 1, measurement(2.0, 2.0, 2.0), measurement(1.0, 1.0, 1.0), 0.1);
    assertThat(c.speedup().getAsDouble()).isEqualTo(0.5);
    CellResult failed =
        CellResult.of(
            NBODY,
            1,
            new Measurement(
                List.of(),
                List.of(),
                Statistics.EMPTY,
                OptionalLong.empty(),
                false,
                0,
                List.of("x"),
                java.util.Optional.empty()),
            measurement(1.0),
            0.1);
    assertThat(failed.speedup()).isEmpty();
    assertThat(failed.noisy()).isTrue();
  }

  @Test
  void jsonCarriesRawSamplesSummaryAndScaling() throws Exception {
    BenchResult r =
        new BenchResult(
            Instant.parse("2026-11-27T00:00:00Z"),
            Duration.ofSeconds(3),
            new BenchResult.Side(Path.of("/ft/python3.13t"), "3.13.5", true),
            new BenchResult.Side(Path.of("/gil/python3.13"), "3.13.5", false),
            BenchPlan.quick(2),
            2,
            "none",
            java.util.OptionalDouble.of(0.5),
            java.util.OptionalDouble.empty(),
            List.of(NBODY, CPU),
            List.of(
                CellResult.of(
                    NBODY, 1, measurement(2.0, 2.0, 2.0), measurement(1.0, 1.0, 1.0), 0.1),
                CellResult.of(CPU, 1, measurement(1.0, 1.0, 1.0), measurement(1.0, 1.0, 1.0), 0.1),
                CellResult.of(CPU, 2, measurement(0.5, 0.5, 0.5), measurement(1.0, 1.0, 1.0), 0.1)),
            List.of());
    JsonNode root = new ObjectMapper().readTree(BenchJson.toJson(r));
    assertThat(root.path("schemaVersion").asInt()).isEqualTo(BenchResult.SCHEMA_VERSION);
    assertThat(root.path("summary").path("singleThreadGeometricMean").asDouble()).isEqualTo(0.5);
    assertThat(root.path("summary").path("gilStayedOff").asBoolean()).isTrue();
    assertThat(root.path("results")).hasSize(3);
    JsonNode cpu2 = root.path("results").get(2);
    assertThat(cpu2.path("threads").asInt()).isEqualTo(2);
    assertThat(cpu2.path("speedup").asDouble()).isEqualTo(2.0);
    assertThat(cpu2.path("freeThreaded").path("samples")).hasSize(3);
    assertThat(cpu2.path("freeThreaded").path("cpuSamples")).hasSize(3);
    assertThat(cpu2.path("freeThreaded").path("parallelism").asDouble()).isEqualTo(2.0);
    assertThat(root.path("machine").path("loadAverageBefore").asDouble()).isEqualTo(0.5);
    assertThat(root.path("machine").path("loadAverageAfter").isNull()).isTrue();
    assertThat(cpu2.path("freeThreaded").path("peakRssKb").asLong()).isEqualTo(30000);
    JsonNode point = root.path("scaling").get(0).path("points").get(1);
    assertThat(point.path("threads").asInt()).isEqualTo(2);
    assertThat(point.path("freeThreaded").asDouble()).isEqualTo(2.0);
    assertThat(point.path("gil").asDouble()).isEqualTo(1.0);
    assertThat(BenchSummary.render(r))
        .contains("Single-threaded geometric mean GIL/FT: 0.50x")
        .contains("cpu_threads             x2: 2.00x | 1.00x")
        .contains("GIL stayed off");
  }

  private static Measurement measurement(double... seconds) {
    List<Double> samples = java.util.Arrays.stream(seconds).boxed().toList();
    List<Double> cpu = samples.stream().map(v -> v * 2).toList();
    return new Measurement(
        samples,
        cpu,
        Statistics.of(samples),
        OptionalLong.of(30000),
        false,
        1,
        List.of(),
        java.util.Optional.empty());
  }

  @Test
  void aDependencyThatReEnablesTheGilIsNamedInJsonSummaryAndWarnings() throws Exception {
    JsonNode line =
        new ObjectMapper()
            .readTree(
                "{\"event\": \"preload\", \"imported\": [\"fastfree\", \"legacyext\"],"
                    + " \"failed\": [{\"module\": \"broken\", \"error\": \"ValueError: no\"}],"
                    + " \"gil_enabled_by\": [{\"module\": \"legacyext\", \"extension\":"
                    + " \"legacyext._core\"}], \"gil_enabled\": true}");
    Preload one = BenchRunner.preload(line);
    assertThat(one.imported()).containsExactly("fastfree", "legacyext");
    assertThat(one.failed()).containsExactly("broken: ValueError: no");
    assertThat(one.gilEnabledBy()).containsExactly("legacyext._core");
    assertThat(one.plus(one).runs()).isEqualTo(2);
    assertThat(one.plus(one).gilEnabledRuns()).isEqualTo(2);
    assertThat(one.plus(one).imported()).containsExactly("fastfree", "legacyext");

    BenchDependencies deps =
        new BenchDependencies(
            List.of(
                new BenchDependencies.Distribution(
                    "legacyext",
                    "1.0.0",
                    "legacyext-1.0.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
                    Path.of("/site/legacyext"),
                    List.of("legacyext"))),
            List.of(),
            List.of("csource 1.0.0 (both builds): sdist only, not built"));
    Measurement serialised =
        new Measurement(
            List.of(1.0, 1.0, 1.0),
            List.of(1.0, 1.0, 1.0),
            Statistics.of(List.of(1.0, 1.0, 1.0)),
            OptionalLong.of(30000),
            true,
            1,
            List.of(),
            java.util.Optional.of(one));
    BenchResult r =
        new BenchResult(
            Instant.parse("2026-11-27T00:00:00Z"),
            Duration.ofSeconds(3),
            new BenchResult.Side(Path.of("/ft/python3.13t"), "3.13.5", true),
            new BenchResult.Side(Path.of("/gil/python3.13"), "3.13.5", false),
            BenchPlan.quick(2).withDependencies(deps),
            2,
            "none",
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.empty(),
            List.of(NBODY),
            List.of(CellResult.of(NBODY, 1, serialised, measurement(1.0, 1.0, 1.0), 0.1)),
            List.of());
    assertThat(r.gilReenabledBy()).containsExactly("legacyext._core (legacyext 1.0.0)");
    assertThat(r.serialisedCells()).isEqualTo(1);
    assertThat(r.gilStayedOff()).isFalse();
    JsonNode root = new ObjectMapper().readTree(BenchJson.toJson(r));
    assertThat(root.path("dependencies").path("gilReenabledBy").get(0).asText())
        .isEqualTo("legacyext._core (legacyext 1.0.0)");
    assertThat(root.path("dependencies").path("notInstalled").get(0).asText())
        .startsWith("csource 1.0.0");
    assertThat(
            root.path("dependencies").path("freeThreaded").get(0).path("modules").get(0).asText())
        .isEqualTo("legacyext");
    JsonNode preload = root.path("results").get(0).path("freeThreaded").path("preload");
    assertThat(preload.path("gilEnabledBy").get(0).asText()).isEqualTo("legacyext._core");
    assertThat(preload.path("gilEnabledRuns").asInt()).isEqualTo(1);
    assertThat(root.path("results").get(0).path("gil").path("preload").isNull()).isTrue();
    assertThat(root.path("summary").path("serialisedCells").asInt()).isEqualTo(1);
    assertThat(BenchSummary.render(r))
        .contains("with dependencies imported before the work (--with-deps)")
        .contains("free-threaded: legacyext 1.0.0 (legacyext)")
        .contains("not installed: csource 1.0.0")
        .contains("GIL re-enabled by legacyext._core")
        .contains(
            "GIL RE-ENABLED by legacyext._core (legacyext 1.0.0), imported before the work: 1 of 1"
                + " free-threaded cells ran serialised");
  }
}
