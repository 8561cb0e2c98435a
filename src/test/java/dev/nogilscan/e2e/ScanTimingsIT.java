package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan --timings} prints its phases on stderr and leaves the reports byte for byte alone.
 */
class ScanTimingsIT {
  @TempDir static Path shared;
  static Fixtures fixtures;

  @TempDir Path tmp;

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

  private Cli scan(String name, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "scan",
                "-r",
                fixtures.requirements().toString(),
                "--index-url",
                fixtures.indexUrl,
                "--no-probe",
                "--target",
                "3.13t",
                "--cache-dir",
                tmp.resolve("cache-" + name).toString(),
                "--json",
                tmp.resolve(name + ".json").toString(),
                "-o",
                tmp.resolve(name + ".html").toString()));
    args.addAll(List.of(extra));
    return Cli.run(Cli.env(tmp), tmp, args.toArray(String[]::new));
  }

  @Test
  void timingsGoToStderrOnlyAndTheReportsStayTheSame() throws Exception {
    Cli plain = scan("plain");
    Cli timed = scan("timed", "--timings");

    assertThat(timed.exitCode()).as(timed.err()).isEqualTo(plain.exitCode());
    assertThat(plain.err()).doesNotContain("nogil-scan: time ");
    for (String phase :
        List.of(
            "read inputs",
            "resolve",
            "index+metadata",
            "assess",
            "download",
            "inspect",
            "probe",
            "report",
            "total")) {
      assertThat(timed.err())
          .containsPattern("(?m)^nogil-scan: time " + phase.replace("+", "\\+") + " \\d+ ms");
    }
    assertThat(timed.err())
        .containsPattern("index\\+metadata \\d+ ms \\(\\d+ pages, \\d+ metadata files\\)");
    assertThat(timed.out()).doesNotContain("nogil-scan: time ");
    assertThat(Files.readAllBytes(tmp.resolve("timed.json")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("plain.json")));
    assertThat(Files.readAllBytes(tmp.resolve("timed.html")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("plain.html")));
  }
}
