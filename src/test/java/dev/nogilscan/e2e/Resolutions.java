package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The two resolutions the differential tests compare, each as normalised name → version. */
final class Resolutions {
  private Resolutions() {}

  /**
   * What {@code pip install --dry-run --ignore-installed --report} run by {@code python} would
   * install from {@code indexUrl}; {@code extraEnv} adds to a scrubbed environment.
   */
  static Map<String, String> pip(
      Path python,
      String indexUrl,
      Path requirements,
      Path tmp,
      Map<String, String> extraEnv,
      Duration timeout)
      throws IOException {
    Path report = tmp.resolve("pip-report.json");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", tmp.toString());
    env.put("PIP_NO_CACHE_DIR", "1");
    env.putAll(extraEnv);
    ProcessResult r =
        new ProcessRunner()
            .run(
                ProcessSpec.of(
                    List.of(
                        python.toString(),
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
                        indexUrl,
                        "-r",
                        requirements.toString()),
                    env,
                    tmp,
                    timeout));
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
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[-_.]+", "-"),
                    i.path("metadata").path("version").asText()));
    return out;
  }

  /** What {@code nogil-scan scan --no-probe --target 3.13t} resolves from {@code indexUrl}. */
  static Map<String, String> ours(String indexUrl, Path requirements, Path tmp) throws IOException {
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
            indexUrl,
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
