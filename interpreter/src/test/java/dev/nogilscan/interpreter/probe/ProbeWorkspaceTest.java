package dev.nogilscan.interpreter.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.process.Pids;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import dev.nogilscan.interpreter.process.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A default-configured probe (the workspace {@code scan} opens) with the real interpreter lying
 * under a directory of mode 700, as the default cache under {@code /root} does: run as root, the
 * probe still drops to {@code nobody}, so RLIMIT_NPROC contains a fork bomb.
 */
class ProbeWorkspaceTest {
  @TempDir static Path shared;

  static PythonInterpreter locked;
  static Path prefix;
  static Path markers;
  static Map<Path, String> modesBefore;

  @BeforeAll
  static void lockedLayout() throws Exception {
    RealPython.openUp(shared);
    PythonInterpreter real = RealPython.find();
    Path realPrefix = real.executable().toRealPath().getParent().getParent();
    Path vault = shared.resolve("vault");
    Files.createDirectories(vault);
    prefix = vault.resolve("python");
    // Hard links (cp -l) share the provisioned files' inodes, so nothing in the copy is chmod-ed:
    // the one file made unreadable below is replaced by a copy of its own first.
    run(List.of("cp", "-al", realPrefix.toString(), prefix.toString()), shared);
    Path json = prefix.resolve("lib/python" + real.minorVersion() + "t/json/__init__.py");
    Path own = json.resolveSibling("own-copy");
    Files.copy(json, own);
    Files.move(own, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(json, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rwx------"));
    locked =
        new PythonInterpreter(
            prefix.resolve(realPrefix.relativize(real.executable().toRealPath())),
            real.version(),
            real.freeThreaded(),
            real.implementation(),
            real.extSuffix(),
            real.includeDir(),
            real.machine(),
            real.glibc(),
            real.source());
    markers = shared.resolve("markers");
    Files.createDirectories(markers);
    Files.setPosixFilePermissions(markers, PosixFilePermissions.fromString("rwxrwxrwx"));
    modesBefore = modes(realPrefix);
  }

  @AfterAll
  static void theProvisionedInterpreterIsUnchanged() throws Exception {
    PythonInterpreter real = RealPython.find();
    assertThat(modes(real.executable().toRealPath().getParent().getParent()))
        .isEqualTo(modesBefore);
  }

  @Test
  void aForkBombIsContainedWithTheInterpreterUnderAPrivateDirectory() throws Exception {
    ProcessRunner runner = RealPython.RUNNER;
    Path root;
    try (ProbeWorkspace ws = ProbeWorkspace.open(runner, shared.resolve("fallback"))) {
      root = ws.root();
      Path site = ws.sites().resolve("forkbomb");
      RealPython.site(
          site,
          Map.of(
              "fork_bomb.py",
              """
              import os, sys, json
              print("uid", os.getuid(), "euid", os.geteuid())
              print("prefix", sys.prefix)
              print("stdlib", os.path.dirname(os.__file__))
              forked = 0
              for _ in range(120):  # bounded: a safety net should the limit not hold
                  try:
                      pid = os.fork()
                  except OSError as e:
                      print("fork refused:", type(e).__name__)
                      break
                  if pid == 0:
                      try:
                          with open(os.path.join(%s, "ws-bomb-%%d" %% os.getpid()), "w") as f:
                              f.write(str(os.getpid()))
                          import time
                          time.sleep(60)
                      finally:
                          os._exit(0)
                  forked += 1
              print("forked", forked)
              """
                  .formatted(ImportProbeTest.pyString(markers))));
      ws.shareable(site);
      ImportProbe probe =
          new ImportProbe(
              runner,
              ws,
              Duration.ofSeconds(30),
              Sandbox.forImportProbe().withProcesses(24).withCpuSeconds(20));

      ProbeResult r =
          probe.probe(locked, new ProbeTarget("forkbomb", List.of(site), List.of("fork_bomb")));

      assertThat(r.outcome()).as(r.detail() + "\n" + r.outputTail()).isEqualTo(ProbeOutcome.CLEAN);
      if (runner.capabilities().root()) {
        assertThat(runner.capabilities().canDropPrivileges()).as("setpriv works here").isTrue();
        assertThat(r.isolation())
            .contains("uid-65534")
            .noneMatch(i -> i.startsWith("runs-as-root"));
        assertThat(r.outputTail()).contains("uid 65534 euid 65534");
        // sys.prefix and the standard library come from the workspace's mirror, not the vault
        String prefixLine = line(r, "prefix ");
        assertThat(Path.of(prefixLine).startsWith(root)).as(prefixLine).isTrue();
        assertThat(Path.of(line(r, "stdlib ")).startsWith(root)).isTrue();
        assertThat(ws.interpreterFor(locked).executable().startsWith(root)).isTrue();
        assertThat(mirrorWritableByNobody(root)).isEmpty();
        // the file nobody could not read was copied (root-owned 644), not linked
        Path json =
            Path.of(prefixLine)
                .resolve("lib/python" + locked.minorVersion() + "t/json/__init__.py");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(json)))
            .isEqualTo("rw-r--r--");
        assertThat(Files.getAttribute(json, "unix:nlink")).isEqualTo(1);
        assertThat(
                Files.getAttribute(
                    Path.of(prefixLine).resolve("lib/python" + locked.minorVersion() + "t/os.py"),
                    "unix:nlink"))
            .as("a file nobody may read is hard-linked, not copied")
            .isNotEqualTo(1);
      } else {
        // not root: RLIMIT_NPROC applies to this user anyway
        assertThat(r.isolation()).contains("unprivileged-user");
      }
      // RLIMIT_NPROC holds: the kernel refused forks long before the loop's own bound of 120
      assertThat(r.outputTail()).contains("fork refused: BlockingIOError");
      assertThat(Integer.parseInt(line(r, "forked "))).isLessThan(24);
      assertThat(Pids.survivors(Pids.readAll(markers, "ws-bomb-"), Duration.ofSeconds(10)))
          .as("every forked child was killed with the process group")
          .isEmpty();
    }
    assertThat(root).as("the workspace is removed on close").doesNotExist();
  }

  @Test
  void everythingIsRemovedWhenAProbeCannotEvenStart() throws Exception {
    Path root;
    try (ProbeWorkspace ws = ProbeWorkspace.open(RealPython.RUNNER, shared.resolve("fallback"))) {
      root = ws.root();
      ImportProbe probe =
          new ImportProbe(RealPython.RUNNER, ws, Duration.ofSeconds(30), Sandbox.forImportProbe());
      PythonInterpreter missing =
          new PythonInterpreter(
              shared.resolve("no-such/bin/python3"),
              locked.version(),
              true,
              locked.implementation(),
              locked.extSuffix(),
              locked.includeDir(),
              locked.machine(),
              locked.glibc(),
              "test");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> probe.probe(missing, new ProbeTarget("x", List.of(ws.sites()), List.of("x"))))
          .hasMessageContaining("no-such/bin/python3");
      try (Stream<Path> left = Files.list(ws.probes())) {
        assertThat(left).as("each probe's directory is removed after it").isEmpty();
      }
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void symbolicLinksInTheMirrorPointWhereTheOriginalsDid() throws Exception {
    // a prefix of the standard layout under a mode-700 directory, with links of every kind
    Path vault = shared.resolve("links-vault");
    Path fake = vault.resolve("prefix");
    Path stdlib = fake.resolve("lib/python3.13t");
    Files.createDirectories(stdlib);
    Files.createDirectories(fake.resolve("bin"));
    Files.writeString(stdlib.resolve("os.py"), "# os\n");
    Path exe = Files.writeString(fake.resolve("bin/python3.13t"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path outside = Files.writeString(shared.resolve("outside.txt"), "outside\n");
    Files.createSymbolicLink(fake.resolve("bin/python3"), Path.of("python3.13t"));
    Files.createSymbolicLink(fake.resolve("lib/abs-in"), stdlib.resolve("os.py"));
    Files.createSymbolicLink(fake.resolve("lib/rel-out"), Path.of("../../../outside.txt"));
    Files.createSymbolicLink(fake.resolve("lib/abs-out"), outside);
    Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rwx------"));
    PythonInterpreter python =
        new PythonInterpreter(
            fake.resolve("bin/python3"),
            "3.13.5",
            true,
            "cpython",
            ".cpython-313t-x86_64-linux-gnu.so",
            fake.resolve("include"),
            "x86_64",
            java.util.Optional.empty(),
            "test");

    try (ProbeWorkspace ws = ProbeWorkspace.open(true, shared.resolve("links"))) {
      Path mirrored = ws.interpreterFor(python).executable();
      Path mirror = mirrored.getParent().getParent();

      assertThat(mirror.startsWith(ws.root())).isTrue();
      assertThat(mirrored).isEqualTo(mirror.resolve("bin/python3.13t")); // the real file's name
      assertThat(Files.readSymbolicLink(mirror.resolve("bin/python3")))
          .isEqualTo(Path.of("python3.13t"));
      assertThat(mirror.resolve("lib/abs-in").toRealPath())
          .isEqualTo(mirror.resolve("lib/python3.13t/os.py").toRealPath());
      assertThat(Files.readSymbolicLink(mirror.resolve("lib/abs-in")).isAbsolute()).isFalse();
      assertThat(mirror.resolve("lib/rel-out").toRealPath()).isEqualTo(outside.toRealPath());
      assertThat(mirror.resolve("lib/abs-out").toRealPath()).isEqualTo(outside.toRealPath());
      assertThat(ws.interpreterFor(python).executable())
          .as("made once per run")
          .isEqualTo(mirrored);
    }
  }

  private static String line(ProbeResult r, String prefix) {
    return r.outputTail()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in\n" + r.outputTail()))
        .substring(prefix.length());
  }

  /** Every file or directory in the mirror that uid 65534 could write. */
  private static List<Path> mirrorWritableByNobody(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().startsWith("python-"))
          .flatMap(ProbeWorkspaceTest::walk)
          .filter(p -> !Files.isSymbolicLink(p))
          .filter(ProbeWorkspaceTest::writableByNobody)
          .toList();
    }
  }

  private static Stream<Path> walk(Path p) {
    try {
      return Files.walk(p).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean writableByNobody(Path p) {
    try {
      Map<String, Object> a =
          Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      return (Integer) a.get("uid") == 65534
          || ((Integer) a.get("gid") == 65534 && (mode & 0020) != 0)
          || (mode & 0002) != 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<Path, String> modes(Path dir) throws IOException {
    Map<Path, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!Files.isSymbolicLink(p)) {
          out.put(
              dir.relativize(p),
              PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                  + " "
                  + Files.getAttribute(p, "unix:uid"));
        }
      }
    }
    return out;
  }

  private static void run(List<String> command, Path dir) {
    var r =
        RealPython.RUNNER.run(
            ProcessSpec.of(command, Map.of("PATH", "/usr/bin:/bin"), dir, Duration.ofSeconds(300)));
    assertThat(r.succeeded()).as(command + ": " + r.stderr()).isTrue();
  }
}
