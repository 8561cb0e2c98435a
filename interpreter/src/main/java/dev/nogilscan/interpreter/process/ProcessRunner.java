package dev.nogilscan.interpreter.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The only place that starts processes. Every child gets exactly the environment its spec names,
 * runs in a process group of its own (via {@code setsid}) that is killed as a whole on timeout and
 * after the child exits, and has its output captured up to a limit.
 *
 * <p>Thread safe: one instance may run many children at once.
 */
public final class ProcessRunner {
  /** The uid and gid of {@code nobody}, which a child runs as when privileges are dropped. */
  public static final int UNPRIVILEGED_ID = 65534;

  private final Capabilities capabilities;

  /**
   * The isolation tools this machine has; detected once per runner.
   *
   * @param root this JVM runs as uid 0 (RLIMIT_NPROC is then not enforced for its children)
   * @param setpriv {@code setpriv(1)} can switch a child to {@link #UNPRIVILEGED_ID}
   */
  public record Capabilities(
      boolean setsid, boolean unshareNet, boolean prlimit, boolean root, boolean setpriv) {
    public Capabilities(boolean setsid, boolean unshareNet, boolean prlimit) {
      this(setsid, unshareNet, prlimit, false, false);
    }

    /** Children asking for {@link Sandbox#dropPrivileges()} can run as {@code nobody}. */
    public boolean canDropPrivileges() {
      return root && setpriv;
    }
  }

  public ProcessRunner() {
    this.capabilities = detect();
  }

  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * Runs the child to completion or timeout.
   *
   * @throws ProcessStartException when the program cannot be started at all
   */
  public ProcessResult run(ProcessSpec spec) {
    return run(spec, line -> {});
  }

  /**
   * Runs the child, handing each complete line of its stdout to {@code stdoutLines} as it arrives
   * (for progress display), in addition to capturing it.
   */
  public ProcessResult run(ProcessSpec spec, Consumer<String> stdoutLines) {
    requireProgram(spec);
    List<String> isolation = new ArrayList<>();
    List<String> command = wrap(spec, isolation);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(spec.workingDirectory().toFile());
    builder.environment().clear();
    builder.environment().putAll(spec.environment());
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ProcessStartException(
          "cannot start '" + spec.command().get(0) + "': " + e.getMessage(), e);
    }
    Capture out = new Capture(process.getInputStream(), spec.outputLimit(), stdoutLines);
    Capture err = new Capture(process.getErrorStream(), spec.outputLimit(), line -> {});
    Thread outThread = start(out, "stdout");
    Thread errThread = start(err, "stderr");
    writeStdin(process, spec);
    boolean timedOut = false;
    try {
      if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    // The group is killed even after a normal exit: a child may have left daemons behind.
    killGroup(process);
    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = -1;
    }
    join(outThread);
    join(errThread);
    return new ProcessResult(
        exit,
        timedOut,
        out.text(),
        err.text(),
        out.dropped(),
        err.dropped(),
        Duration.ofNanos(System.nanoTime() - start),
        isolation);
  }

  /**
   * Fails like a direct start would when the program is missing: the setsid/unshare/prlimit
   * wrappers would otherwise turn that into an exit status of 127.
   */
  private static void requireProgram(ProcessSpec spec) {
    String program = spec.command().get(0);
    boolean found;
    if (program.contains("/")) {
      Path p = spec.workingDirectory().resolve(program);
      found = Files.isRegularFile(p) && Files.isExecutable(p);
    } else {
      found = false;
      String path = spec.environment().getOrDefault("PATH", "/usr/bin:/bin");
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
          found = true;
          break;
        }
      }
    }
    if (!found) {
      throw new ProcessStartException(
          "cannot start '" + program + "': no such executable",
          new IOException("not found: " + program));
    }
  }

  private List<String> wrap(ProcessSpec spec, List<String> isolation) {
    List<String> command = new ArrayList<>();
    if (capabilities.setsid()) {
      command.add("setsid");
      isolation.add("process-group");
    }
    Sandbox sandbox = spec.sandbox();
    if (sandbox.isolateNetwork() && capabilities.unshareNet()) {
      command.add("unshare");
      command.add("--net");
      isolation.add("no-network");
    }
    if (sandbox.hasLimits() && capabilities.prlimit()) {
      command.add("prlimit");
      sandbox.cpuSeconds().ifPresent(v -> command.add("--cpu=" + v));
      sandbox.addressSpaceBytes().ifPresent(v -> command.add("--as=" + v));
      sandbox.fileSizeBytes().ifPresent(v -> command.add("--fsize=" + v));
      sandbox.processes().ifPresent(v -> command.add("--nproc=" + v));
      command.add("--");
      isolation.add("resource-limits");
    }
    if (sandbox.dropPrivileges()) {
      dropPrivileges(spec, command, isolation);
    }
    command.addAll(spec.command());
    return command;
  }

  private void dropPrivileges(ProcessSpec spec, List<String> command, List<String> isolation) {
    if (!capabilities.root()) {
      isolation.add("unprivileged-user");
      return;
    }
    Optional<String> problem =
        capabilities.setpriv()
            ? UnprivilegedAccess.problem(
                spec.command().get(0).contains("/")
                    ? spec.workingDirectory().resolve(spec.command().get(0))
                    : Path.of(spec.command().get(0)),
                spec.workingDirectory(),
                spec.sandbox().readable())
            : Optional.of("setpriv(1) is not available");
    if (problem.isPresent()) {
      // Recorded so the report says the child ran as root, without a working process limit.
      isolation.add("runs-as-root (" + problem.get() + ")");
      return;
    }
    String id = Integer.toString(UNPRIVILEGED_ID);
    command.addAll(
        List.of(
            "setpriv",
            "--reuid=" + id,
            "--regid=" + id,
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
            "--"));
    isolation.add("uid-" + id);
  }

  private static void writeStdin(Process process, ProcessSpec spec) {
    try (OutputStream stdin = process.getOutputStream()) {
      if (spec.stdin().isPresent()) {
        stdin.write(spec.stdin().get());
      }
    } catch (IOException e) {
      // The child closed its stdin early (it exited or does not read it): nothing to deliver.
    }
  }

  private void killGroup(Process process) {
    long pid = process.pid();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (capabilities.setsid()) {
      // setsid made the child the leader of its own group, so -pid names the whole group,
      // including grandchildren that were re-parented when their parent died.
      try {
        Process kill =
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        kill.waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        // kill(1) missing: the descendants were already destroyed above.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Through the handle: Process.destroyForcibly() would also close our ends of the pipes, and
    // output the capture threads have not read yet would be lost (a child that printed and
    // exited 0 would then look silent).
    process.toHandle().destroyForcibly();
  }

  private static Thread start(Capture capture, String name) {
    Thread thread = new Thread(capture, "process-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Capabilities detect() {
    boolean root = isRoot();
    String id = Integer.toString(UNPRIVILEGED_ID);
    return new Capabilities(
        onPath("setsid") && quietly(List.of("setsid", "true")),
        onPath("unshare") && quietly(List.of("unshare", "--net", "true")),
        onPath("prlimit") && quietly(List.of("prlimit", "--nofile=256", "--", "true")),
        root,
        root
            && onPath("setpriv")
            && quietly(
                List.of(
                    "setpriv",
                    "--reuid=" + id,
                    "--regid=" + id,
                    "--clear-groups",
                    "--inh-caps=-all",
                    "--bounding-set=-all",
                    "--no-new-privs",
                    "--",
                    "true")));
  }

  private static boolean isRoot() {
    try {
      // /proc/self belongs to the user this process runs as.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static boolean quietly(List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Reads a stream to its end, keeping at most {@code limit} bytes. */
  private static final class Capture implements Runnable {
    private final InputStream in;
    private final int limit;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long dropped;

    Capture(InputStream in, int limit, Consumer<String> lines) {
      this.in = in;
      this.limit = limit;
      this.lines = lines;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          synchronized (this) {
            int keep = (int) Math.min(n, Math.max(0, limit - kept.size()));
            kept.write(buffer, 0, keep);
            dropped += n - keep;
          }
          split(buffer, n);
        }
      } catch (IOException e) {
        // The stream closes when the process group is killed; what was read is kept.
      }
    }

    private void split(byte[] buffer, int n) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          lines.accept(line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else if (line.size() < 4096) {
          line.write(buffer[i]);
        }
      }
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized long dropped() {
      return dropped;
    }
  }

  /** Thrown when a program cannot be started (missing, not executable). */
  public static final class ProcessStartException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public ProcessStartException(String message, IOException cause) {
      super(message, cause);
    }
  }
}
