package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of examples/ run for real: the GitHub Actions workflow's scan step (taken from the
 * YAML as written) and the pre-commit hook, against the fixture index.
 */
class ExamplesIT {
  @TempDir static Path shared;
  static Fixtures fixtures;
  @TempDir Path work;

  @BeforeAll
  static void start() throws Exception {
    fixtures = Fixtures.start(shared);
  }

  @AfterAll
  static void stop() {
    if (fixtures != null) {
      fixtures.close();
    }
  }

  /** The {@code run: |} block of the workflow step with this name. */
  static String runBlock(Path workflow, String step) throws IOException {
    List<String> lines = Files.readAllLines(workflow);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("- name: " + step)) {
        int j = i + 1;
        while (!lines.get(j).strip().startsWith("run: |")) {
          j++;
        }
        int indent = lines.get(j + 1).length() - lines.get(j + 1).stripLeading().length();
        List<String> block = new ArrayList<>();
        for (int k = j + 1;
            k < lines.size()
                && (lines.get(k).isBlank()
                    || lines.get(k).length() - lines.get(k).stripLeading().length() >= indent);
            k++) {
          block.add(lines.get(k).isBlank() ? "" : lines.get(k).substring(indent));
        }
        return String.join("\n", block) + "\n";
      }
    }
    throw new AssertionError("no step '" + step + "' in " + workflow);
  }

  private ProcessResult bash(String script, Map<String, String> extraEnv) {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.put("PIP_INDEX_URL", fixtures.indexUrl);
    env.put("SOURCE_DATE_EPOCH", "1767225600");
    env.putAll(extraEnv);
    return new ProcessRunner()
        .run(
            ProcessSpec.of(
                List.of("bash", "-euo", "pipefail", "-c", script),
                env,
                work,
                Duration.ofMinutes(5)));
  }

  @Test
  void theWorkflowScanStepWritesEveryReportAndGatesOnBlockers() throws IOException {
    Files.createSymbolicLink(work.resolve(".nogil-scan"), Fixtures.ROOT);
    Files.copy(fixtures.requirements(), work.resolve("requirements.txt"));
    String scan = runBlock(Fixtures.ROOT.resolve("examples/github-actions/nogil-scan.yml"), "Scan");
    Path summary = work.resolve("summary.md");

    ProcessResult first = bash(scan, Map.of("GITHUB_STEP_SUMMARY", summary.toString()));
    assertThat(first.exitCode()).as(first.stderr()).isEqualTo(1); // the fixtures hold blockers
    for (String ext : List.of("json", "html", "md", "sarif", "xml")) {
      assertThat(work.resolve("nogil-scan-reports/nogil-scan-report." + ext)).isNotEmptyFile();
    }
    assertThat(Files.readString(summary)).contains("## Free-threaded CPython compatibility: 3.13t");

    // With the same report as the baseline nothing is new, so the pull request passes.
    Files.createDirectories(work.resolve("baseline"));
    Files.copy(
        work.resolve("nogil-scan-reports/nogil-scan-report.json"),
        work.resolve("baseline/nogil-scan-report.json"));
    ProcessResult second = bash(scan, Map.of());
    assertThat(second.exitCode()).as(second.stderr() + second.stdout()).isZero();
  }

  @Test
  void thePreCommitHookFailsOnIncompatiblePackagesOnly() throws IOException {
    Path hook = Fixtures.ROOT.resolve("examples/pre-commit/nogil-scan-hook");
    Path bad = fixtures.write("requirements-bad.txt", "stableabi==1.0.0\n");
    Path good = fixtures.write("requirements-good.txt", "purelib==1.0.0\n");
    ProcessResult r1 = bash(hook + " " + bad, Map.of());
    assertThat(r1.exitCode()).as(r1.stderr()).isEqualTo(1);
    assertThat(r1.stdout()).contains("stableabi 1.0.0  incompatible");
    ProcessResult r2 = bash(hook + " " + good, Map.of());
    assertThat(r2.exitCode()).as(r2.stderr()).isZero();
  }
}
