package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.net.ServerSocket;
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
 * The whole pipeline for real: the CLI scans the fixture packages from a local index on loopback,
 * downloads and inspects them, and imports them on the provisioned free-threaded CPython.
 */
class ScanEndToEndIT {
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

  private Cli scan(Map<String, String> env, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "scan",
                "-r",
                fixtures.requirements().toString(),
                "--index-url",
                fixtures.indexUrl,
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--json",
                tmp.resolve("report.json").toString(),
                "-o",
                tmp.resolve("report.html").toString()));
    args.addAll(List.of(extra));
    return Cli.run(env, tmp, args.toArray(String[]::new));
  }

  @Test
  void verdictsOfTheFixturePackagesComeFromRealImports() throws IOException {
    Cli cli = scan(Cli.env(tmp), "--python", fixtures.freeThreaded.executable().toString());

    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1); // incompatible packages reach --fail-on
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("brokenimport", "incompatible");
    expected.put("csource", "unknown");
    expected.put("fastfree", "compatible");
    expected.put("legacyext", "gil-reenabled");
    expected.put("notonindex", "skipped");
    expected.put("purelib", "compatible");
    expected.put("stableabi", "incompatible");
    expected.put("winonly", "skipped");
    assertThat(Cli.statuses(tmp.resolve("report.json"))).containsExactlyEntriesOf(expected);

    Map<String, JsonNode> p = Cli.packages(tmp.resolve("report.json"));
    // both legacy modules are named, not only the first one the RuntimeWarning names
    assertThat(p.get("legacyext").path("reason").asText())
        .isEqualTo("importing re-enables the GIL: legacyext._core, legacyext._extra");
    assertThat(p.get("legacyext").path("probe").path("gilModules").toString())
        .isEqualTo("[\"legacyext._core\",\"legacyext._extra\"]");
    assertThat(p.get("fastfree").path("probe").path("outcome").asText()).isEqualTo("clean");
    assertThat(p.get("fastfree").path("file").asText())
        .endsWith("-cp313t-manylinux_2_17_x86_64.whl");
    assertThat(p.get("brokenimport").path("reason").asText())
        .startsWith(
            "import fails on 3.13t: import brokenimport raised ImportError: brokenimport does not support this interpreter");
    assertThat(p.get("stableabi").path("reason").asText())
        .contains("only abi3 wheels and no sdist");
    assertThat(p.get("winonly").path("reason").asText())
        .isEqualTo("marker 'sys_platform == \"win32\"' is false for the target 3.13t");
    assertThat(p.get("purelib").path("version").asText()).isEqualTo("1.0.0");
    assertThat(p.get("legacyext").path("origins").get(0).asText()).endsWith("requirements.txt:4");
    assertThat(p.get("purelib").path("probe").path("isolation").toString())
        .contains("process-group");
    // The interpreter found here is the provisioned one, under /root when run as root: the probe
    // still drops to nobody (through the probe workspace's mirror), so RLIMIT_NPROC applies.
    for (String name : List.of("purelib", "fastfree", "legacyext")) {
      assertThat(p.get(name).path("probe").path("isolation").toString())
          .as(name)
          .contains(
              "root".equals(System.getProperty("user.name"))
                  ? "\"uid-65534\""
                  : "\"unprivileged-user\"")
          .doesNotContain("runs-as-root");
    }

    String html = Files.readString(tmp.resolve("report.html"));
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("report.html"))))
        .as("a report is readable by others, unlike a temporary file")
        .isEqualTo("rw-r--r--");
    assertThat(html)
        .contains("legacyext._core, legacyext._extra")
        .doesNotContain("src=\"http")
        .doesNotContain("href=\"http");
    assertThat(cli.out())
        .contains(
            "8 packages: 2 compatible, 2 skipped, 1 unknown, 1 gil-reenabled, 2 incompatible");
  }

  @Test
  void pythonGilInTheScannersEnvironmentDoesNotHideReEnabling() throws IOException {
    // PYTHON_GIL=0 silences both the re-enabling and the warning (FACTS.md): the probe must drop
    // it.
    Cli cli =
        Cli.run(
            Cli.env(tmp, "PYTHON_GIL", "0"),
            tmp,
            "scan",
            "legacyext==1.0.0",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("cache").toString(),
            "--json",
            tmp.resolve("r.json").toString(),
            "--python",
            fixtures.freeThreaded.executable().toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(Cli.statuses(tmp.resolve("r.json"))).containsEntry("legacyext", "gil-reenabled");
  }

  /** {@code bin/nogil-scan args} in {@code tmp}, in this process's environment with {@code env}. */
  private ProcessResult launcher(Map<String, String> env, String... args) throws IOException {
    Map<String, String> all = new LinkedHashMap<>(System.getenv());
    all.putAll(env);
    List<String> command = new ArrayList<>();
    command.add(Fixtures.ROOT.resolve("bin/nogil-scan").toString());
    command.addAll(List.of(args));
    return new ProcessRunner().run(ProcessSpec.of(command, all, tmp, Duration.ofMinutes(3)));
  }

  @Test
  void theLauncherRunsTheJarWithPythonGilSetInItsRealEnvironment() throws IOException {
    ProcessResult r =
        launcher(
            Map.of("PYTHON_GIL", "0", "SOURCE_DATE_EPOCH", "1767225600"),
            "scan",
            "legacyext==1.0.0",
            "fastfree==1.0.0",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("c").toString(),
            "--python",
            fixtures.freeThreaded.executable().toString(),
            "--fail-on",
            "gil-reenabled");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "legacyext 1.0.0  gil-reenabled  importing re-enables the GIL: legacyext._core, legacyext._extra")
        .contains("fastfree 1.0.0   compatible");
  }

  @Test
  void theLauncherRunsADryRunWithoutLookingForInterpreters() throws IOException {
    // PATH holds only a "python3" that would leave a mark if discovery ran it: a dry run with a
    // --target has no use for an interpreter, and the launcher starts it with C1 alone.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path mark = tmp.resolve("ran");
    Path python = bin.resolve("python3");
    Files.writeString(python, "#!/bin/sh\ntouch '" + mark + "'\nexit 1\n");
    python.toFile().setExecutable(true);
    ProcessResult r =
        launcher(
            Map.of(
                "PATH",
                bin + ":/usr/bin:/bin",
                // the JVM's flags, on stdout first
                "NOGIL_SCAN_JAVA_OPTS",
                "-XX:+PrintFlagsFinal"),
            "scan",
            "--dry-run",
            "fastfree==1.0.0",
            "--target",
            "3.13t",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("c").toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout())
        .containsPattern("intx TieredStopAtLevel +?= 1 ")
        .contains(
            "\nfastfree==1.0.0\n    # fastfree-1.0.0-cp313-cp313t-manylinux_2_17_x86_64.whl\n");
    assertThat(r.stderr()).contains("import probes: skipped (--dry-run)");
    assertThat(mark).doesNotExist();
  }

  @Test
  void progressIsDrawnOnATerminalAndNeverInAPipe() throws IOException {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.put("TERM", "xterm");
    env.put("NO_COLOR", "1");
    String command =
        String.join(
            " ",
            Fixtures.ROOT.resolve("bin/nogil-scan").toString(),
            "scan",
            "legacyext==1.0.0",
            "fastfree==1.0.0",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("c").toString(),
            "--python",
            fixtures.freeThreaded.executable().toString());
    // script(1) gives the scan a real pseudo-terminal and copies what it shows to its stdout.
    ProcessResult tty =
        new ProcessRunner()
            .run(
                ProcessSpec.of(
                    List.of("script", "-qec", command, "/dev/null"),
                    env,
                    tmp,
                    Duration.ofMinutes(3)));
    assertThat(tty.exitCode()).as(tty.stdout() + tty.stderr()).isZero();
    assertThat(tty.stdout())
        .contains("\r\u001b[Knogil-scan: resolving")
        .containsPattern("\r\u001b\\[Knogil-scan: assessing [0-2]/2 · \\d+ pages? · [0-9.]+ [kM]?B")
        .contains("fastfree 1.0.0   compatible");
    // The display is erased before the table, so the table starts on a clean line.
    String beforeTable = tty.stdout().substring(0, tty.stdout().indexOf("fastfree 1.0.0"));
    assertThat(beforeTable.substring(beforeTable.lastIndexOf("\u001b[K")))
        .doesNotContain("nogil-scan: assessing");

    ProcessResult pipe =
        new ProcessRunner()
            .run(ProcessSpec.of(List.of("sh", "-c", command), env, tmp, Duration.ofMinutes(3)));
    assertThat(pipe.exitCode()).as(pipe.stderr()).isZero();
    assertThat(pipe.stderr()).doesNotContain("\r").doesNotContain("\u001b");
    assertThat(pipe.stdout()).doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void withoutAnInterpreterProbesAreSkippedWithTheCommandThatFixesIt() throws IOException {
    Path emptyHome = Files.createDirectories(tmp.resolve("home"));
    Cli cli =
        Cli.run(
            Map.of("PATH", "/nonexistent", "HOME", emptyHome.toString()),
            emptyHome,
            "scan",
            "-r",
            fixtures.requirements().toString(),
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("cache").toString(),
            "--json",
            tmp.resolve("r.json").toString(),
            "--target",
            "3.13t");
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
    Map<String, JsonNode> p = Cli.packages(tmp.resolve("r.json"));
    assertThat(p.get("fastfree").path("status").asText()).isEqualTo("unknown");
    assertThat(p.get("fastfree").path("probe").path("outcome").asText()).isEqualTo("skipped");
    assertThat(p.get("fastfree").path("probe").path("detail").asText())
        .contains("run 'nogil-scan python install'");
    assertThat(p.get("purelib").path("status").asText()).isEqualTo("compatible");
    assertThat(cli.err())
        .contains(
            "import probes: skipped: no free-threaded interpreter found; run 'nogil-scan python install'");
  }

  @Test
  void aGilBuildGivenAsPythonIsAnEnvironmentError() {
    assertThat(fixtures.gilTwin)
        .as("the GIL twin is provisioned beside the free-threaded build")
        .isPresent();
    Cli cli = scan(Cli.env(tmp), "--python", fixtures.gilTwin.get().executable().toString());
    assertThat(cli.exitCode()).isEqualTo(3);
    assertThat(cli.err())
        .contains("not a free-threaded build: Py_GIL_DISABLED is not 1")
        .doesNotContain("Exception");
  }

  @Test
  void aMissingRequirementsFileIsAUsageError() {
    Cli cli =
        Cli.run(Cli.env(tmp), tmp, "scan", "-r", tmp.resolve("nope.txt").toString(), "--no-probe");
    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.err().strip())
        .isEqualTo("nogil-scan: " + tmp.resolve("nope.txt") + ": no such file");
  }

  @Test
  void malformedIndexCredentialsInTheEnvironmentAreAUsageErrorThatKeepsTheSecret() {
    Cli cli =
        Cli.run(
            Cli.env(tmp, "NOGIL_SCAN_INDEX_CREDENTIALS", "127.0.0.1=ci:ok https://x=u:hunter2"),
            tmp,
            "scan",
            "fastfree==1.0.0",
            "--index-url",
            fixtures.indexUrl,
            "--cache-dir",
            tmp.resolve("c").toString(),
            "--no-probe");
    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
    assertThat(cli.err().strip())
        .isEqualTo(
            "nogil-scan: NOGIL_SCAN_INDEX_CREDENTIALS: entry 2: expected a host name before '='"
                + " (no scheme, port, path or user)");
    assertThat(cli.out() + cli.err()).doesNotContain("hunter2");
  }

  @Test
  void anUnreachableIndexIsAnEnvironmentError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "purelib==1.0.0",
            "--no-probe",
            "--index-url",
            "http://127.0.0.1:" + port + "/simple/",
            "--cache-dir",
            tmp.toString());
    assertThat(cli.exitCode()).isEqualTo(3);
    List<String> lines = cli.err().strip().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .startsWith(
            "nogil-scan: index unreachable: http://127.0.0.1:"
                + port
                + "/simple/purelib/ (Failed to connect");
    assertThat(cli.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** Each file under the directory with its file key (inode): a rewritten file gets a new one. */
  private static Map<Path, Object> filesAndKeys(Path root) throws IOException {
    Map<Path, Object> out = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        out.put(
            root.relativize(f),
            Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
      }
    }
    return out;
  }

  @Test
  void aSecondScanUsesTheCachedArchivesAndInspections() throws IOException {
    scan(Cli.env(tmp), "--no-probe");
    Map<Path, Object> archives = filesAndKeys(tmp.resolve("cache/archives/sha256"));
    Map<Path, Object> inspections = filesAndKeys(tmp.resolve("cache/inspections"));
    Cli again = scan(Cli.env(tmp), "--no-probe");

    assertThat(again.exitCode()).isEqualTo(1);
    // nothing downloaded or inspected again: neither tree has a rewritten file
    assertThat(archives).isNotEmpty();
    assertThat(inspections).isNotEmpty();
    assertThat(filesAndKeys(tmp.resolve("cache/archives/sha256"))).isEqualTo(archives);
    assertThat(filesAndKeys(tmp.resolve("cache/inspections"))).isEqualTo(inspections);
    assertThat(Cli.packages(tmp.resolve("report.json")).get("purelib").path("evidence").toString())
        .contains("verified")
        .doesNotContain("(cached)");
  }

  @Test
  void aWarmScanWritesTheColdScansReportsByteForByte() throws IOException {
    scan(Cli.env(tmp), "--no-probe");
    String coldJson = Files.readString(tmp.resolve("report.json"));
    String coldHtml = Files.readString(tmp.resolve("report.html"));
    scan(Cli.env(tmp), "--no-probe");

    // from the cached archives and inspections; the reports do not tell the runs apart
    assertThat(Files.readString(tmp.resolve("report.json"))).isEqualTo(coldJson);
    assertThat(Files.readString(tmp.resolve("report.html"))).isEqualTo(coldHtml);
  }

  @Test
  void scanBenchPutsTheMeasurementsBesideTheVerdicts() throws IOException {
    Path html = tmp.resolve("bench.html");
    Path json = tmp.resolve("bench.json");
    Cli cli =
        Cli.run(
            Cli.env(tmp),
            tmp,
            "scan",
            "purelib==1.0.0",
            "--index-url",
            fixtures.indexUrl,
            "--python",
            fixtures.freeThreaded.executable().toString(),
            "--cache-dir",
            tmp.resolve("c").toString(),
            "--bench",
            "quick",
            "-o",
            html.toString(),
            "--json",
            json.toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode bench =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(Files.readString(json))
            .path("bench");
    assertThat(bench.path("plan").asText()).isEqualTo("quick");
    assertThat(bench.path("gilStayedOff").asBoolean()).isTrue();
    assertThat(bench.path("rows").size()).isGreaterThanOrEqualTo(10);
    assertThat(bench.path("rows").get(0).path("freeThreadedSamples").size()).isPositive();
    assertThat(bench.path("curves").size()).isGreaterThanOrEqualTo(8);
    assertThat(Files.readString(html))
        .contains("<section id=\"bench\">")
        .contains("<svg class=\"chart\"");
    assertThat(cli.out())
        .contains("bench (quick): single-threaded, the free-threaded build takes ");
  }
}
