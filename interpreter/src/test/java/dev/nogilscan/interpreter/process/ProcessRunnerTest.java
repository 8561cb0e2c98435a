package dev.nogilscan.interpreter.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
  private static final ProcessRunner RUNNER = new ProcessRunner();
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  @TempDir Path tmp;

  private ProcessResult sh(String script, Duration timeout) {
    return RUNNER.run(ProcessSpec.of(List.of("sh", "-c", script), ENV, tmp, timeout));
  }

  @Test
  void theChildGetsExactlyTheGivenEnvironment() {
    ProcessResult r = sh("env | sort", Duration.ofSeconds(10));
    assertThat(r.succeeded()).isTrue();
    assertThat(
            r.stdout()
                .lines()
                .filter(
                    l -> !l.startsWith("PWD=") && !l.startsWith("SHLVL=") && !l.startsWith("_=")))
        .containsExactly("PATH=/usr/bin:/bin");
  }

  @Test
  void aTimeoutKillsTheWholeProcessGroupIncludingGrandchildren() throws Exception {
    ProcessResult r =
        sh(
            "sleep 60 & echo $! > " + tmp.resolve("pid-grandchild") + "; sleep 60",
            Duration.ofMillis(500));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(20));
    List<Long> pids = Pids.readAll(tmp, "pid-");
    assertThat(pids).hasSize(1);
    assertThat(Pids.survivors(pids, Duration.ofSeconds(5)))
        .as("the grandchild was killed with its group")
        .isEmpty();
  }

  @Test
  void daemonsLeftBehindByAChildThatExitedAreKilled() throws Exception {
    ProcessResult r =
        sh(
            "sleep 60 > /dev/null 2>&1 & echo $! > " + tmp.resolve("pid-daemon") + "; exit 0",
            Duration.ofSeconds(10));
    assertThat(r.succeeded()).isTrue();
    List<Long> pids = Pids.readAll(tmp, "pid-");
    assertThat(pids).hasSize(1);
    assertThat(Pids.survivors(pids, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void outputBeyondTheLimitIsCountedAndDropped() {
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(
                    List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"),
                    ENV,
                    tmp,
                    Duration.ofSeconds(10))
                .withOutputLimit(1000));
    assertThat(r.stdout()).hasSize(1000);
    assertThat(r.stdoutDropped()).isEqualTo(99_000);
  }

  @Test
  void aSignalIsReported() {
    ProcessResult r = sh("kill -SEGV $$", Duration.ofSeconds(10));
    assertThat(r.signal()).hasValue(11);
  }

  @Test
  void stdinIsDelivered() {
    ProcessResult r =
        RUNNER.run(
            new ProcessSpec(
                List.of("cat"),
                ENV,
                tmp,
                Duration.ofSeconds(10),
                1000,
                Sandbox.none(),
                java.util.Optional.of("hello".getBytes())));
    assertThat(r.stdout()).isEqualTo("hello");
  }

  @Test
  void aMissingProgramIsAStartFailureNamingIt() {
    assertThatThrownBy(
            () ->
                RUNNER.run(
                    ProcessSpec.of(
                        List.of(tmp.resolve("nope").toString()), ENV, tmp, Duration.ofSeconds(5))))
        .isInstanceOf(ProcessRunner.ProcessStartException.class)
        .hasMessage("cannot start '" + tmp.resolve("nope") + "': no such executable");
  }

  @Test
  void sandboxLimitsAreAppliedWherePrlimitExists() throws Exception {
    if (!RUNNER.capabilities().prlimit()) {
      return; // nothing to check on a machine without prlimit(1); the report says so per probe
    }
    Sandbox sandbox =
        new Sandbox(
            false,
            java.util.OptionalLong.empty(),
            java.util.OptionalLong.empty(),
            java.util.OptionalLong.of(1000),
            java.util.OptionalLong.empty());
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(
                    List.of("sh", "-c", "head -c 5000 /dev/zero > " + tmp.resolve("big")),
                    ENV,
                    tmp,
                    Duration.ofSeconds(10))
                .withSandbox(sandbox));
    assertThat(r.isolation()).contains("resource-limits");
    assertThat(Files.size(tmp.resolve("big"))).isLessThanOrEqualTo(1000);
  }

  @Test
  void networkIsolationLeavesOnlyLoopback() {
    if (!RUNNER.capabilities().unshareNet()) {
      return;
    }
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(List.of("cat", "/proc/net/dev"), ENV, tmp, Duration.ofSeconds(10))
                .withSandbox(Sandbox.forImportProbe()));
    assertThat(r.isolation()).contains("no-network");
    assertThat(r.stdout().lines().skip(2).map(l -> l.strip().split(":")[0])).containsExactly("lo");
  }

  private static Sandbox dropping() {
    return Sandbox.none().withDropPrivileges(true);
  }

  private void openTmp() throws Exception {
    Files.setPosixFilePermissions(
        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void asRootTheChildRunsAsNobodyWithoutGroupsOrCapabilities() throws Exception {
    openTmp();
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(
                    List.of("sh", "-c", "id -u; id -g; id -G; grep CapEff /proc/self/status"),
                    ENV,
                    tmp,
                    Duration.ofSeconds(10))
                .withSandbox(dropping()));
    assertThat(r.succeeded()).as(r.stderr()).isTrue();
    if (RUNNER.capabilities().canDropPrivileges()) {
      assertThat(r.isolation()).contains("uid-65534");
      assertThat(r.stdout().lines())
          .containsExactly("65534", "65534", "65534", "CapEff:\t0000000000000000");
    } else if (!RUNNER.capabilities().root()) {
      assertThat(r.isolation()).contains("unprivileged-user");
    }
  }

  @Test
  void whenNobodyCannotUseTheWorkingDirectoryTheChildRunsAsRootAndTheReasonIsRecorded()
      throws Exception {
    if (!RUNNER.capabilities().canDropPrivileges()) {
      return;
    }
    openTmp();
    Path closed = Files.createDirectory(tmp.resolve("closed"));
    Files.setPosixFilePermissions(
        closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(List.of("id", "-u"), ENV, closed, Duration.ofSeconds(10))
                .withSandbox(dropping()));
    assertThat(r.stdout().strip()).isEqualTo("0");
    assertThat(r.isolation())
        .contains("runs-as-root (" + closed.toRealPath() + " is not searchable by uid 65534)");

    Path secret = Files.writeString(tmp.resolve("secret"), "x");
    Files.setPosixFilePermissions(
        secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    ProcessResult unreadable =
        RUNNER.run(
            ProcessSpec.of(List.of("id", "-u"), ENV, tmp, Duration.ofSeconds(10))
                .withSandbox(dropping().withReadable(List.of(secret))));
    assertThat(unreadable.isolation())
        .contains("runs-as-root (" + secret.toRealPath() + " is not readable by uid 65534)");
  }

  @Test
  void theProcessLimitStopsAForkBombOnceRootIsDropped() throws Exception {
    if (!RUNNER.capabilities().prlimit()
        || RUNNER.capabilities().root() && !RUNNER.capabilities().canDropPrivileges()) {
      return; // RLIMIT_NPROC is not enforced for root: nothing would hold it here
    }
    openTmp();
    // Bounded at 60 as a safety net; the limit of 8 processes must stop it far earlier.
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.of(
                    List.of(
                        "sh",
                        "-c",
                        "i=0; while [ $i -lt 60 ]; do sleep 30 & i=$((i+1)); done; echo started $i"),
                    ENV,
                    tmp,
                    Duration.ofSeconds(20))
                .withSandbox(dropping().withProcesses(8)));
    assertThat(r.stdout()).doesNotContain("started 60");
    assertThat(r.stderr()).containsIgnoringCase("fork");
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void outputOfAChildThatExitsAtOnceIsNeverLostUnderLoad() throws Exception {
    // Regression: killing the group after exit used Process.destroyForcibly(), which also closes
    // the pipes; under load about 1 in 100 children then came back exit 0 with no output.
    Sandbox sandbox =
        new Sandbox(
            RUNNER.capabilities().unshareNet(),
            java.util.OptionalLong.empty(),
            java.util.OptionalLong.empty(),
            java.util.OptionalLong.empty(),
            java.util.OptionalLong.empty());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<ProcessResult>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 300; i++) {
        runs.add(
            pool.submit(
                () ->
                    RUNNER.run(
                        ProcessSpec.of(
                                List.of("sh", "-c", "echo out; echo err >&2"),
                                ENV,
                                tmp,
                                Duration.ofSeconds(20))
                            .withSandbox(sandbox))));
      }
      for (var run : runs) {
        ProcessResult r = run.get();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
