package dev.nogilscan.interpreter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.process.Pids;
import dev.nogilscan.interpreter.process.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import probe against the real free-threaded interpreter, on fixture distributions built here:
 * pure packages and C extensions compiled with the interpreter's own headers.
 */
class ImportProbeTest {
  @TempDir static Path shared;

  static PythonInterpreter python;
  static Path sites;
  static Path work;

  /** World-writable, for markers written by children that run as nobody. */
  static Path markers;

  static ImportProbe probe;

  @BeforeAll
  static void buildFixtures() throws Exception {
    RealPython.openUp(shared);
    python = RealPython.runnableByNobody(RealPython.find(), shared);
    sites = shared.resolve("sites");
    work = shared.resolve("work");
    markers = shared.resolve("markers");
    Files.createDirectories(work);
    Files.createDirectories(markers);
    Files.setPosixFilePermissions(markers, PosixFilePermissions.fromString("rwxrwxrwx"));
    probe =
        new ImportProbe(RealPython.RUNNER, work, Duration.ofSeconds(30), Sandbox.forImportProbe());

    RealPython.compileExtension(
        python, sites.resolve("modern"), "modern_ext", RealPython.modern("modern_ext"));
    RealPython.site(
        sites.resolve("legacypair"),
        Map.of("legacypair/__init__.py", "from . import _one\nfrom . import _two\n"));
    for (String m : List.of("_one", "_two")) {
      RealPython.compileExtension(
          python, sites.resolve("legacypair/legacypair"), m, RealPython.legacy("legacypair." + m));
    }
    RealPython.compileExtension(
        python, sites.resolve("legacy"), "legacy_ext", RealPython.legacy("legacy_ext"));
    RealPython.compileExtension(
        python, sites.resolve("segv"), "segv_ext", RealPython.segfault("segv_ext"));
    RealPython.site(sites.resolve("pure"), Map.of("pure_pkg/__init__.py", "VALUE = 1\n"));
    RealPython.site(sites.resolve("pure2"), Map.of("pure_two.py", "import json\nX = 2\n"));
    RealPython.site(
        sites.resolve("loop"),
        Map.of(
            "loop_forever.py",
            """
        import os, time
        if os.fork() == 0:
            with open(os.path.join(%s, "loop-pid-%%d" %% os.getpid()), "w") as f:
                f.write(str(os.getpid()))
            time.sleep(60)
            os._exit(0)
        while True:
            pass
        """
                .formatted(pyString(markers))));
    RealPython.site(
        sites.resolve("forkbomb"),
        Map.of(
            "fork_bomb.py",
            """
        import os, time
        forked = 0
        for _ in range(120):  # bounded: a safety net should the limits not hold
            try:
                pid = os.fork()
            except OSError as e:
                print("fork refused:", type(e).__name__)
                break
            if pid == 0:
                try:
                    with open(os.path.join(%s, "bomb-pid-%%d" %% os.getpid()), "w") as f:
                        f.write(str(os.getpid()))
                    time.sleep(60)
                finally:
                    os._exit(0)
            forked += 1
        print("forked", forked)
        """
                .formatted(pyString(markers))));
    RealPython.site(
        sites.resolve("writeshome"),
        Map.of(
            "writes_home.py",
            """
        import os
        path = os.path.expanduser("~/.nogil-scan-probe-was-here")
        with open(path, "w") as f:
            f.write("x")
        print("wrote", path)
        print("cwd", os.getcwd())
        """));
    RealPython.site(
        sites.resolve("needsdep"),
        Map.of("needs_dep/__init__.py", "import some_dependency_that_is_not_installed\n"));
    RealPython.site(
        sites.resolve("broken"),
        Map.of("broken_pkg/__init__.py", "from broken_pkg import _gone\n"));
    RealPython.site(
        sites.resolve("exits"), Map.of("exits_at_import.py", "import sys\nsys.exit(3)\n"));
    RealPython.site(
        sites.resolve("noisy"),
        Map.of(
            "noisy.py",
            """
        import sys, warnings
        warnings.warn("old API", DeprecationWarning)
        warnings.warn("something odd", UserWarning)
        sys.stderr.write("/x/noisy.py:3: DeprecationWarning: printed by hand\\n  old_call()\\n")
        sys.stderr.write("a real problem\\n")
        """));
    RealPython.site(
        sites.resolve("envreport"),
        Map.of(
            "envreport.py",
            """
        import os, sys
        print("PYTHON_GIL=%r" % os.environ.get("PYTHON_GIL"))
        print("-X gil=%r" % sys._xoptions.get("gil"))
        import legacy_ext
        """));
    RealPython.site(
        sites.resolve("deep"),
        Map.of(
            "deep_pkg/__init__.py", "",
            "deep_pkg/plain.py", "X = 1\n",
            "deep_pkg/needs.py", "import another_missing_dependency\n",
            "deep_pkg/sub/__init__.py", "",
            "deep_pkg/tests/__init__.py", "raise RuntimeError('tests must not be imported')\n",
            "deep_pkg/__main__.py", "raise RuntimeError('__main__ must not be imported')\n"));
    RealPython.compileExtension(
        python,
        sites.resolve("deep/deep_pkg/sub"),
        "_native",
        RealPython.legacy("deep_pkg.sub._native"));
    // A lazy module (PEP 562) whose attribute misbehaves only off the main thread.
    String threadProperty =
        """
        import threading
        __all__ = ["trap"]
        def __getattr__(name):
            if name == "trap":
                if threading.current_thread() is not threading.main_thread():
                    %s
                return 1
            raise AttributeError(name)
        """;
    RealPython.site(
        sites.resolve("smokecrash"),
        Map.of(
            "smoke_crash.py",
            threadProperty.formatted("import faulthandler; faulthandler._sigsegv()")));
    RealPython.site(
        sites.resolve("smokeraises"),
        Map.of(
            "smoke_raises.py", threadProperty.formatted("raise SystemExit('not from a thread')")));
    RealPython.site(sites.resolve("deepsegv"), Map.of("deep_segv/__init__.py", ""));
    RealPython.compileExtension(
        python,
        sites.resolve("deepsegv/deep_segv"),
        "_crash",
        RealPython.segfault("deep_segv._crash"));
    try (Stream<Path> all = Files.walk(shared.resolve("sites"))) {
      for (Path p : all.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  static String pyString(Path p) {
    return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static ProbeTarget target(String site, String... modules) {
    return new ProbeTarget(site, List.of(sites.resolve(site)), List.of(modules));
  }

  @Test
  void aModernExtensionThatDeclaresPyModGilNotUsedIsClean() {
    ProbeResult r = probe.probe(python, target("modern", "modern_ext"));
    assertThat(r.outcome()).as(r.detail() + "\n" + r.outputTail()).isEqualTo(ProbeOutcome.CLEAN);
    assertThat(r.gilEnabledBefore()).isFalse();
    assertThat(r.gilEnabledAfter()).isFalse();
    assertThat(r.gilModules()).isEmpty();
    assertThat(r.processShare()).isEqualTo(1);
  }

  @Test
  void twoLegacyModulesInOnePackageAreBothNamed() {
    ProbeResult r = probe.probe(python, target("legacypair", "legacypair"));
    assertThat(r.outcome()).as(r.detail()).isEqualTo(ProbeOutcome.GIL_REENABLED);
    // The RuntimeWarning names only the first; the -v lines name both.
    assertThat(r.gilModules()).containsExactly("legacypair._one", "legacypair._two");
    assertThat(r.modules().get(0).warnings())
        .anySatisfy(w -> assertThat(w).startsWith("RuntimeWarning: The global interpreter lock"));
    assertThat(r.detail())
        .isEqualTo("importing re-enabled the GIL: legacypair._one, legacypair._two");
  }

  @Test
  void aSegfaultAtImportIsACrashWithTheSignalAndTheFaulthandlerTraceback() {
    ProbeResult r = probe.probe(python, target("segv", "segv_ext"));
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.CRASH);
    assertThat(r.signal()).hasValue(11);
    assertThat(r.detail())
        .isEqualTo(
            "interpreter killed by SIGSEGV during import of segv_ext: Fatal Python error:"
                + " Segmentation fault");
    assertThat(r.outputTail()).contains("Fatal Python error: Segmentation fault");
    assertThat(r.outputTail()).contains("in create_module"); // faulthandler's traceback
  }

  @Test
  void anInfiniteLoopTimesOutAndTheWholeProcessGroupIsKilled() throws Exception {
    ImportProbe quick =
        new ImportProbe(RealPython.RUNNER, work, Duration.ofSeconds(2), Sandbox.forImportProbe());
    ProbeResult r = quick.probe(python, target("loop", "loop_forever"));
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
    assertThat(r.detail())
        .isEqualTo("import of loop_forever did not finish within 2.0 s; process group killed");
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    List<Long> children = Pids.readAll(markers, "loop-pid-");
    assertThat(children).as("the import forked its child").hasSize(1);
    assertThat(Pids.survivors(children, Duration.ofSeconds(5)))
        .as("the forked child died with its process group")
        .isEmpty();
  }

  @Test
  void aForkBombIsContainedByTheProcessLimit() throws Exception {
    ImportProbe limited =
        new ImportProbe(
            RealPython.RUNNER,
            work,
            Duration.ofSeconds(20),
            Sandbox.forImportProbe().withProcesses(24).withCpuSeconds(20));
    ProbeResult r = limited.probe(python, target("forkbomb", "fork_bomb"));
    assertThat(r.outcome()).as(r.detail()).isIn(ProbeOutcome.CLEAN, ProbeOutcome.IMPORT_ERROR);
    if (r.isolation().contains("uid-65534") || r.isolation().contains("unprivileged-user")) {
      // RLIMIT_NPROC holds: the kernel refused forks long before the loop's own bound.
      assertThat(r.outputTail()).contains("fork refused: BlockingIOError");
      int forked =
          Integer.parseInt(
              r.outputTail()
                  .lines()
                  .filter(l -> l.startsWith("forked "))
                  .findFirst()
                  .orElseThrow()
                  .substring(7));
      assertThat(forked).isLessThan(24);
    } else {
      assertThat(r.isolation()).anySatisfy(i -> assertThat(i).startsWith("runs-as-root ("));
    }
    assertThat(Pids.survivors(Pids.readAll(markers, "bomb-pid-"), Duration.ofSeconds(10)))
        .as("every forked child was killed with the process group")
        .isEmpty();
  }

  @Test
  void anImportThatWritesToHomeWritesToTheProbesTemporaryHome() throws Exception {
    Path realHome = Path.of(System.getProperty("user.home"));
    ProbeResult r = probe.probe(python, target("writeshome", "writes_home"));
    assertThat(r.outcome()).as(r.detail()).isEqualTo(ProbeOutcome.CLEAN);
    assertThat(realHome.resolve(".nogil-scan-probe-was-here")).doesNotExist();
    String wrote =
        r.outputTail().lines().filter(l -> l.startsWith("wrote ")).findFirst().orElseThrow();
    Path written = Path.of(wrote.substring(6));
    assertThat(written.startsWith(work)).as(written + " under " + work).isTrue();
    assertThat(written.getParent().getFileName().toString()).isEqualTo("home");
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left).as("the temporary HOME was removed").isEmpty();
    }
  }

  @Test
  void aMissingDependencyIsToldApartFromABrokenPackage() {
    ProbeResult missing = probe.probe(python, target("needsdep", "needs_dep"));
    assertThat(missing.outcome()).isEqualTo(ProbeOutcome.IMPORT_ERROR);
    assertThat(missing.missingDependency()).isTrue();
    assertThat(missing.missingDependencies())
        .containsExactly("some_dependency_that_is_not_installed");
    assertThat(missing.modules().get(0).failure()).hasValue(ImportFailure.MISSING_DEPENDENCY);
    assertThat(missing.detail())
        .isEqualTo(
            "import needs_dep raised ModuleNotFoundError: No module named"
                + " 'some_dependency_that_is_not_installed' (missing dependency"
                + " 'some_dependency_that_is_not_installed')");

    ProbeResult broken = probe.probe(python, target("broken", "broken_pkg"));
    assertThat(broken.outcome()).isEqualTo(ProbeOutcome.IMPORT_ERROR);
    assertThat(broken.missingDependency()).isFalse();
    assertThat(broken.missingDependencies()).isEmpty();
    assertThat(broken.modules().get(0).failure()).hasValue(ImportFailure.BROKEN_PACKAGE);
    assertThat(broken.detail()).endsWith("(broken package)");
  }

  @Test
  void sysExitAtImportIsReported() {
    ProbeResult r = probe.probe(python, target("exits", "exits_at_import"));
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.EXIT_AT_IMPORT);
    assertThat(r.detail()).isEqualTo("import exits_at_import: sys.exit(3) during import");
    assertThat(r.modules().get(0).failure()).hasValue(ImportFailure.SYSTEM_EXIT);
  }

  @Test
  void deprecationWarningsAreNoiseAndOtherOutputIsKept() {
    ProbeResult r = probe.probe(python, target("noisy", "noisy"));
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.CLEAN);
    ModuleImport m = r.modules().get(0);
    assertThat(m.warnings())
        .containsExactly("DeprecationWarning: old API", "UserWarning: something odd");
    assertThat(m.notableWarnings()).containsExactly("UserWarning: something odd");
    assertThat(r.outputTail()).contains("a real problem").doesNotContain("printed by hand");
    assertThat(r.outputTail()).doesNotContain("old_call()");
    assertThat(r.noiseLines()).isEqualTo(2);
  }

  @Test
  void deepImportsSubmodulesAndNamesTheOneThatReEnablesTheGil() {
    ProbeResult shallow = probe.probe(python, target("deep", "deep_pkg"));
    assertThat(shallow.outcome()).isEqualTo(ProbeOutcome.CLEAN);
    assertThat(shallow.deep()).isEmpty();

    ProbeResult r =
        probe.probe(
            python,
            target("deep", "deep_pkg"),
            ProbeOptions.DEFAULT.withDeep(50, Duration.ofSeconds(20)));
    assertThat(r.outcome()).as(r.detail()).isEqualTo(ProbeOutcome.GIL_REENABLED);
    assertThat(r.gilModules()).containsExactly("deep_pkg.sub._native");
    DeepImport deep = r.deep().orElseThrow();
    assertThat(deep.modules().stream().map(ModuleImport::module))
        .containsExactly(
            "deep_pkg.needs", "deep_pkg.plain", "deep_pkg.sub", "deep_pkg.sub._native");
    assertThat(deep.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.module()).isEqualTo("deep_pkg.needs");
              assertThat(f.failure()).hasValue(ImportFailure.MISSING_DEPENDENCY);
            });
    assertThat(deep.skipped()).containsExactlyInAnyOrder("deep_pkg.__main__", "deep_pkg.tests");
    assertThat(deep.truncated()).isEmpty();

    ProbeResult limited =
        probe.probe(
            python,
            target("deep", "deep_pkg"),
            ProbeOptions.DEFAULT.withDeep(2, Duration.ofSeconds(20)));
    assertThat(limited.deep().orElseThrow().modules()).hasSize(2);
    assertThat(limited.deep().orElseThrow().truncated()).hasValue("limit of 2 submodules reached");
  }

  @Test
  void theThreadsSmokeTestIsReportedSeparately() {
    ProbeResult r =
        probe.probe(
            python,
            new ProbeTarget(
                "two",
                List.of(sites.resolve("modern"), sites.resolve("pure")),
                List.of("modern_ext", "pure_pkg")),
            ProbeOptions.DEFAULT.withThreadsSmoke(8));
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.CLEAN);
    ThreadsSmoke smoke = r.threadsSmoke().orElseThrow();
    assertThat(smoke.threads()).isEqualTo(8);
    assertThat(smoke.outcome()).isEqualTo(ThreadsSmoke.Outcome.PASSED);
    assertThat(smoke.errors()).isEmpty();
    assertThat(smoke.gilEnabledAfter()).isFalse();
  }

  @Test
  void modulesOfOneDistributionInABatchDoNotHideAnothersMissingDependency() {
    // The second distribution's own path lacks pure_pkg: that the first one imported it must not
    // make the import succeed.
    List<ProbeResult> r =
        probe.probeAll(
            python,
            List.of(
                target("pure", "pure_pkg"),
                new ProbeTarget("user", List.of(sites.resolve("needsdep")), List.of("pure_pkg"))));
    assertThat(r.get(0).outcome()).isEqualTo(ProbeOutcome.CLEAN);
    assertThat(r.get(1).outcome()).isEqualTo(ProbeOutcome.IMPORT_ERROR);
    assertThat(r.get(1).processShare()).isEqualTo(2);
  }

  @Test
  void theIsolationAppliedIsReported() {
    ProbeResult r = probe.probe(python, target("pure", "pure_pkg"));
    assertThat(r.isolation()).contains("process-group");
    if (RealPython.RUNNER.capabilities().canDropPrivileges()) {
      assertThat(r.isolation()).contains("uid-65534");
    }
  }

  @Test
  void whenNobodyCannotReachTheInterpreterTheProbeRunsAsRootAndSaysWhy() throws Exception {
    if (!RealPython.RUNNER.capabilities().canDropPrivileges()) {
      return;
    }
    Path hidden = shared.resolve("hidden");
    Files.createDirectories(hidden);
    Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));
    ProbeResult r =
        probe.probe(
            python,
            new ProbeTarget("pure", List.of(hidden, sites.resolve("pure")), List.of("pure_pkg")));
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.CLEAN);
    assertThat(r.isolation())
        .contains("runs-as-root (" + hidden.toRealPath() + " is not readable by uid 65534)");
  }

  @Test
  void pythonGilInTheScannersEnvironmentNeverReachesTheProbe() throws Exception {
    // A JVM of its own, started with PYTHON_GIL=0 (and PYTHONPATH set) in its environment, probes
    // a legacy extension: the child environment is built from nothing, so re-enabling is seen.
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    var spec =
        dev.nogilscan.interpreter.process.ProcessSpec.of(
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PythonGilChild.class.getName(),
                python.executable().toString(),
                sites.resolve("envreport").toString(),
                sites.resolve("legacy").toString(),
                work.toString()),
            Map.of(
                "PATH",
                "/usr/local/bin:/usr/bin:/bin",
                "HOME",
                shared.toString(),
                "PYTHON_GIL",
                "0",
                "PYTHONPATH",
                sites.resolve("pure").toString()),
            shared,
            Duration.ofSeconds(120));
    var run = RealPython.RUNNER.run(spec);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("scanner sees PYTHON_GIL=0")
        .contains("outcome=GIL_REENABLED")
        .contains("gilModules=[legacy_ext]")
        .contains("PYTHON_GIL=None")
        .contains("-X gil=None");
  }

  @Test
  void inABatchWhereOneMemberReEnablesTheGilBlameIsExactAfterTheSplit() {
    List<ProbeTarget> targets =
        List.of(
            target("pure", "pure_pkg"),
            target("modern", "modern_ext"),
            target("legacy", "legacy_ext"),
            target("pure2", "pure_two"),
            target("modern", "modern_ext"),
            target("pure", "pure_pkg"));
    List<ProbeResult> r =
        new ProbeScheduler(probe, 2, 6).probeAll(python, targets, ProbeOptions.DEFAULT);
    assertThat(r.stream().map(ProbeResult::distribution))
        .containsExactly("pure", "modern", "legacy", "pure2", "modern", "pure");
    assertThat(r.stream().map(ProbeResult::outcome))
        .containsExactly(
            ProbeOutcome.CLEAN,
            ProbeOutcome.CLEAN,
            ProbeOutcome.GIL_REENABLED,
            ProbeOutcome.CLEAN,
            ProbeOutcome.CLEAN,
            ProbeOutcome.CLEAN);
    assertThat(r.get(2).gilModules()).containsExactly("legacy_ext");
    // Before the culprit: the batch's answers stand. From it on: each probed alone.
    assertThat(r.stream().map(ProbeResult::processShare)).containsExactly(6, 6, 1, 1, 1, 1);
    assertThat(r.stream().skip(3)).allSatisfy(x -> assertThat(x.gilModules()).isEmpty());
  }

  @Test
  void aCrashOrHangInABatchIsBlamedOnTheRightDistributionAndTheOthersStillGetProbed() {
    ImportProbe quick =
        new ImportProbe(RealPython.RUNNER, work, Duration.ofSeconds(3), Sandbox.forImportProbe());
    List<ProbeTarget> targets =
        List.of(
            target("pure", "pure_pkg"),
            target("segv", "segv_ext"),
            target("modern", "modern_ext"),
            target("loop", "loop_forever"),
            target("needsdep", "needs_dep"),
            target("pure2", "pure_two"));
    List<ProbeResult> r =
        new ProbeScheduler(quick, 2, 3).probeAll(python, targets, ProbeOptions.DEFAULT);
    assertThat(r.stream().map(ProbeResult::outcome))
        .containsExactly(
            ProbeOutcome.CLEAN,
            ProbeOutcome.CRASH,
            ProbeOutcome.CLEAN,
            ProbeOutcome.TIMEOUT,
            ProbeOutcome.IMPORT_ERROR,
            ProbeOutcome.CLEAN);
    assertThat(r.get(1).signal()).hasValue(11);
    assertThat(r.stream().map(ProbeResult::processShare)).containsExactly(3, 1, 1, 1, 1, 1);
    assertThat(r.get(4).missingDependency()).isTrue();
  }

  @Test
  void aSubmoduleThatCrashesUnderDeepIsNamed() {
    assertThat(probe.probe(python, target("deepsegv", "deep_segv")).outcome())
        .isEqualTo(ProbeOutcome.CLEAN);
    ProbeResult r =
        probe.probe(
            python,
            target("deepsegv", "deep_segv"),
            ProbeOptions.DEFAULT.withDeep(10, Duration.ofSeconds(10)));
    assertThat(r.outcome()).isEqualTo(ProbeOutcome.CRASH);
    assertThat(r.detail())
        .isEqualTo(
            "interpreter killed by SIGSEGV during import of submodule deep_segv._crash (--deep):"
                + " Fatal Python error: Segmentation fault");
    assertThat(r.modules()).singleElement().satisfies(m -> assertThat(m.imported()).isTrue());
    assertThat(r.deep().orElseThrow().interruptedAt()).hasValue("deep_segv._crash");
  }

  @Test
  void anImportErrorInABatchIsConfirmedAloneAndTheCleanOnesAfterItStand() {
    List<ProbeResult> r =
        new ProbeScheduler(probe, 1, 3)
            .probeAll(
                python,
                List.of(
                    target("pure", "pure_pkg"),
                    target("needsdep", "needs_dep"),
                    target("pure2", "pure_two")),
                ProbeOptions.DEFAULT);
    assertThat(r.stream().map(ProbeResult::outcome))
        .containsExactly(ProbeOutcome.CLEAN, ProbeOutcome.IMPORT_ERROR, ProbeOutcome.CLEAN);
    assertThat(r.stream().map(ProbeResult::processShare)).containsExactly(3, 1, 3);
  }

  @Test
  void aCrashOrAnErrorUnderTheThreadsSmokeTestIsReportedBesideACleanOutcome() {
    ProbeOptions smoke = ProbeOptions.DEFAULT.withThreadsSmoke(4);
    ProbeResult crash = probe.probe(python, target("smokecrash", "smoke_crash"), smoke);
    assertThat(crash.outcome()).as(crash.detail()).isEqualTo(ProbeOutcome.CLEAN);
    ThreadsSmoke s = crash.threadsSmoke().orElseThrow();
    assertThat(s.outcome()).isEqualTo(ThreadsSmoke.Outcome.CRASH);
    assertThat(s.signal()).hasValue(11);
    assertThat(s.errors())
        .containsExactly(
            "interpreter killed by SIGSEGV during the threads smoke test: Fatal Python error:"
                + " Segmentation fault");

    ProbeResult raises = probe.probe(python, target("smokeraises", "smoke_raises"), smoke);
    assertThat(raises.outcome()).isEqualTo(ProbeOutcome.CLEAN);
    assertThat(raises.threadsSmoke().orElseThrow().outcome())
        .isEqualTo(ThreadsSmoke.Outcome.RAISED);
    assertThat(raises.threadsSmoke().orElseThrow().errors())
        .containsExactly("smoke_raises: SystemExit: not from a thread");

    // In a batch, a smoke crash kills the interpreter: that one and the rest are probed alone.
    List<ProbeResult> batch =
        new ProbeScheduler(probe, 1, 3)
            .probeAll(
                python,
                List.of(
                    target("pure", "pure_pkg"),
                    target("smokecrash", "smoke_crash"),
                    target("pure2", "pure_two")),
                smoke);
    assertThat(batch.stream().map(ProbeResult::outcome)).containsOnly(ProbeOutcome.CLEAN);
    assertThat(batch.stream().map(r -> r.threadsSmoke().orElseThrow().outcome()))
        .containsExactly(
            ThreadsSmoke.Outcome.PASSED, ThreadsSmoke.Outcome.CRASH, ThreadsSmoke.Outcome.PASSED);
    assertThat(batch.stream().map(ProbeResult::processShare)).containsExactly(3, 1, 1);
  }
}
