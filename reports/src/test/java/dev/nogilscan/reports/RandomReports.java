package dev.nogilscan.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Report models built from a seed, mixing ordinary values with the edges a renderer must survive:
 * empty and huge strings, control characters, markup, quotes, non-ASCII and astral characters, odd
 * {@code file:line} origins (line 0, lines beyond an int, spaces, Windows paths), missing versions
 * and files, probes of every outcome, and benchmark cells without a single successful run (NaN
 * medians). The same seed always gives the same model.
 */
final class RandomReports {
  private static final List<String> EDGE_STRINGS =
      List.of(
          "",
          " ",
          "plain",
          "\"quoted\" & <b>markup</b> </script>",
          "line one\nline two\r\nline three\ttab",
          "\u0000\u0001\u001f\u007f control",
          "na\u00efve caf\u00e9 \u2713 \u2190 \u4e2d\u6587",
          "astral \ud83d\ude00 emoji",
          "%41%zz percent",
          "back\\slash C:\\path\\file.txt",
          "x".repeat(5000));
  private static final List<String> ORIGINS =
      List.of(
          "requirements.txt:1",
          "requirements.txt:4",
          "sub dir/requirements dev.txt:12",
          "C:\\work\\requirements.txt:3",
          "/abs/path/pyproject.toml:7",
          "r\u00e9quirements.txt:2",
          "weird#name?.txt:5",
          "file.txt:0",
          "file.txt:99999999999",
          "uv.lock",
          "command line",
          ":3",
          "");
  private static final List<String> OUTCOMES =
      List.of(
          "clean",
          "gil-reenabled",
          "import-error",
          "exit-at-import",
          "crash",
          "timeout",
          "probe-failed",
          "skipped");
  private static final List<String> NAMES =
      List.of("numpy", "pyyaml", "a", "zope-interface", "x-y-z", "legacy-ext", "pydantic-core");

  private final Random random;

  private RandomReports(long seed) {
    this.random = new Random(seed);
  }

  static ScanReport report(long seed) {
    return new RandomReports(seed).report();
  }

  private ScanReport report() {
    int n = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(12);
    List<PackageReport> packages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      packages.add(pkg());
    }
    return new ScanReport(
        "nogil-scan " + pick(List.of("0.1.0", "1.2.3-SNAPSHOT", "0.1.0+local")),
        Instant.ofEpochSecond(
            random.nextInt(2_000_000_000), random.nextBoolean() ? 0 : 123_000_000),
        pick(List.of("3.13t", "3.14t", "3.15t", "nogil-3.9")),
        pick(List.of("manylinux_2_36_x86_64", "macosx_15_0_arm64", "win_amd64")),
        text(),
        list(this::text),
        packages,
        random.nextBoolean() ? "" : "compat-db 2026.11.27 (2026-11-27)",
        random.nextInt(3) == 0 ? Optional.of(bench()) : Optional.empty());
  }

  private PackageReport pkg() {
    Status status = pick(List.of(Status.values()));
    return new PackageReport(
        pick(NAMES),
        random.nextInt(4) == 0 ? Optional.empty() : Optional.of(pick(List.of("1.0", "2.1.0rc1"))),
        text(),
        list(() -> pick(ORIGINS)),
        random.nextBoolean(),
        status,
        text(),
        random.nextBoolean() ? Optional.empty() : Optional.of("pkg-1.0-py3-none-any.whl"),
        pick(List.of("pure", "native", "unknown", "pure-Python")),
        list(() -> new Evidence(pick(List.of("index", "probe", "archive")), text(), text())),
        list(
            () ->
                random.nextBoolean()
                    ? new Remediation("upgrade", "upgrade to " + text(), "2.0")
                    : new Remediation(pick(List.of("alternative", "action")), "do " + text(), "")),
        list(() -> pick(ORIGINS)),
        random.nextBoolean()
            ? Optional.empty()
            : Optional.of(
                new ProbeReport(
                    pick(OUTCOMES),
                    text(),
                    list(this::text),
                    list(this::text),
                    text(),
                    list(() -> pick(List.of("process-group", "no-network", "uid-65534"))),
                    text())));
  }

  private BenchReport bench() {
    List<BenchReport.Row> rows =
        list(
            () ->
                new BenchReport.Row(
                    pick(List.of("nbody", "cpu_threads")),
                    1 + random.nextInt(8),
                    random.nextInt(5) == 0 ? Double.NaN : random.nextDouble() * 3,
                    random.nextInt(5) == 0 ? Double.NaN : random.nextDouble() * 3,
                    optional(),
                    optional(),
                    optional(),
                    random.nextBoolean(),
                    list(() -> random.nextDouble()),
                    list(() -> random.nextDouble()),
                    list(this::text)));
    List<BenchReport.Curve> curves =
        list(
            () ->
                new BenchReport.Curve(
                    "cpu_threads",
                    list(
                        () ->
                            new BenchReport.Point(1 + random.nextInt(8), optional(), optional()))));
    return new BenchReport(
        pick(List.of("quick", "full")),
        text(),
        text(),
        optional(),
        random.nextBoolean(),
        rows,
        curves,
        list(this::text),
        random.nextBoolean()
            ? Optional.empty()
            : Optional.of(
                new BenchReport.Dependencies(
                    list(this::text), list(this::text), list(this::text), list(this::text))));
  }

  private OptionalDouble optional() {
    return switch (random.nextInt(4)) {
      case 0 -> OptionalDouble.empty();
      case 1 -> OptionalDouble.of(Double.NaN);
      default -> OptionalDouble.of(random.nextDouble() * 4);
    };
  }

  private String text() {
    return pick(EDGE_STRINGS);
  }

  private <T> List<T> list(Supplier<T> item) {
    int n = random.nextInt(4);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(item.get());
    }
    return out;
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
