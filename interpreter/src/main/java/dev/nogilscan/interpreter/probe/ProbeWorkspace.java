package dev.nogilscan.interpreter.probe;

import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.UnprivilegedAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Where the files of one run's import probes live, laid out so that a probe can really run as
 * {@code nobody} when the scanner runs as root.
 *
 * <p>Dropping privileges needs {@code nobody} to execute the interpreter and read the installed
 * distributions, but the default cache ({@code ~/.cache/nogil-scan} of root) lies under {@code
 * /root}, mode 700. So when the runner can drop privileges, the workspace is a private directory in
 * the system temporary directory, owned by root and mode 755: {@code nobody} may read and search
 * it, never write it. It holds
 *
 * <ul>
 *   <li>{@code python-N/}: a mirror of the prefix of each interpreter {@code nobody} cannot use
 *       where it is, made once per run: directories created by root (755), files hard-linked when
 *       their inode is already readable and not writable by {@code nobody}, otherwise (or across
 *       filesystems) copied as root-owned 644/755 files; symbolic links re-created, pointing into
 *       the mirror when they pointed into the prefix. CPython finds its prefix from the location of
 *       its executable, so {@code sys.prefix} and the standard library resolve inside the mirror;
 *   <li>{@link #sites()}: root-owned (755) directories the scanner installs distributions into;
 *   <li>{@link #probes()}: where each probe process gets its HOME, TMPDIR and working directory,
 *       the only places handed to {@code nobody}; nothing there is ever executed by root.
 * </ul>
 *
 * <p>Without the drop (not root, or no {@code setpriv}) the workspace is a plain directory under
 * the given fallback root and interpreters are used where they are. {@link #close()} removes the
 * whole workspace, and so does a shutdown hook should the JVM be stopped first (Ctrl-C); closing
 * twice is harmless. Thread safe.
 */
public final class ProbeWorkspace implements AutoCloseable {
  private final Path root;
  private final boolean unprivileged;
  private final Map<Path, Optional<Path>> mirrors = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  // An interrupted run (Ctrl-C, SIGTERM) skips finally blocks but runs shutdown hooks.
  private final Thread onExit;

  private ProbeWorkspace(Path root, boolean unprivileged) {
    this.root = root;
    this.unprivileged = unprivileged;
    this.onExit = new Thread(() -> deleteTree(root), "nogil-scan-workspace-cleanup");
  }

  /**
   * A workspace in the system temporary directory when {@code runner} can drop privileges, else
   * under {@code fallbackRoot}.
   *
   * @throws UncheckedIOException when the directory cannot be made
   */
  public static ProbeWorkspace open(ProcessRunner runner, Path fallbackRoot) {
    boolean drop = runner.capabilities().canDropPrivileges();
    return open(drop, drop ? Path.of(System.getProperty("java.io.tmpdir")) : fallbackRoot);
  }

  /**
   * A workspace directly under {@code parent}; with {@code unprivileged}, laid out for children
   * that run as {@code nobody} ({@code parent} must then be searchable by {@code nobody}).
   */
  public static ProbeWorkspace open(boolean unprivileged, Path parent) {
    try {
      Files.createDirectories(parent);
      Path root = Files.createTempDirectory(parent, "nogil-scan-");
      ProbeWorkspace ws = new ProbeWorkspace(root, unprivileged);
      Runtime.getRuntime().addShutdownHook(ws.onExit);
      for (Path dir : List.of(root, ws.sites(), ws.probes())) {
        Files.createDirectories(dir);
        if (unprivileged) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a probe workspace under " + parent, e);
    }
  }

  public Path root() {
    return root;
  }

  /**
   * Where distributions are installed for probes; each installation directory made here must be
   * made readable by all ({@link #shareable(Path)}).
   */
  public Path sites() {
    return root.resolve("sites");
  }

  /** Where each probe process gets its own directory. */
  public Path probes() {
    return root.resolve("probes");
  }

  /** True when probes in this workspace are meant to run as {@code nobody}. */
  public boolean unprivileged() {
    return unprivileged;
  }

  /**
   * Opens a directory made under {@link #sites()} to readers: root-owned trees get mode 755 for
   * directories and files keep their owner bits with read (and execute, where the owner has it)
   * granted to all; write stays with the owner. Does nothing without the drop.
   *
   * @throws UncheckedIOException when the modes cannot be set
   */
  public void shareable(Path dir) {
    if (!unprivileged) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        boolean exec = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isExecutable(p);
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + dir + " to the probe user", e);
    }
  }

  /**
   * The interpreter as probes in this workspace run it: {@code python} itself when {@code nobody}
   * can use it where it is (or privileges are not dropped), else the same interpreter from a mirror
   * of its prefix, made on first use. When the installation does not have the standard layout
   * ({@code PREFIX/bin/EXE} and {@code PREFIX/lib/pythonX.Y[t]/os.py}) it is returned unchanged,
   * and the probe then records why it ran as root.
   *
   * @throws UncheckedIOException when the mirror cannot be made
   */
  public PythonInterpreter interpreterFor(PythonInterpreter python) {
    if (!unprivileged) {
      return python;
    }
    Path exe;
    try {
      exe = python.executable().toRealPath();
    } catch (IOException e) {
      return python;
    }
    Path prefix = exe.getParent() == null ? null : exe.getParent().getParent();
    if (prefix == null || !exe.getParent().getFileName().toString().equals("bin")) {
      return python;
    }
    Path stdlib =
        prefix
            .resolve("lib")
            .resolve("python" + python.minorVersion() + (python.freeThreaded() ? "t" : ""));
    if (!Files.isRegularFile(stdlib.resolve("os.py"))) {
      return python;
    }
    if (UnprivilegedAccess.problem(exe, prefix, List.of(stdlib)).isEmpty()) {
      return python;
    }
    Optional<Path> mirror = mirrors.computeIfAbsent(prefix, this::mirror);
    return mirror
        .map(
            m ->
                new PythonInterpreter(
                    m.resolve(prefix.relativize(exe)),
                    python.version(),
                    python.freeThreaded(),
                    python.implementation(),
                    python.extSuffix(),
                    python.includeDir(),
                    python.machine(),
                    python.glibc(),
                    python.source()))
        .orElse(python);
  }

  private Optional<Path> mirror(Path prefix) {
    Path target = root.resolve("python-" + counter.incrementAndGet());
    try {
      Files.walkFileTree(prefix, new Mirror(prefix, target));
      return Optional.of(target);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot mirror the interpreter " + prefix + " into " + target + " for the probe user", e);
    }
  }

  /** Removes the workspace and everything in it; symbolic links are removed, never followed. */
  @Override
  public void close() {
    deleteTree(root);
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // already shutting down, or closed before: the hook runs or ran
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: what is left is root-owned and not writable by the probe user.
    }
  }

  /** Re-creates a prefix: directories made, files linked or copied, symbolic links re-pointed. */
  private static final class Mirror extends SimpleFileVisitor<Path> {
    private final Path from;
    private final Path to;

    Mirror(Path from, Path to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      Path d = to.resolve(from.relativize(dir).toString());
      Files.createDirectories(d);
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      Path f = to.resolve(from.relativize(file).toString());
      if (attrs.isSymbolicLink()) {
        // Into the prefix: the same file in the mirror, as a relative link. Elsewhere: the same
        // place, as an absolute link (a relative one would resolve from the mirror instead).
        Path link = Files.readSymbolicLink(file);
        Path resolved = file.getParent().resolve(link).normalize();
        Path target =
            resolved.startsWith(from)
                ? f.getParent().relativize(to.resolve(from.relativize(resolved).toString()))
                : resolved;
        Files.createSymbolicLink(f, target);
      } else if (attrs.isRegularFile()) {
        if (!linkable(file) || !link(f, file)) {
          Files.copy(file, f, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(f, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(f, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
          Files.setPosixFilePermissions(
              f,
              PosixFilePermissions.fromString(
                  Files.isExecutable(file) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
      // Sockets, fifos and devices have no place in an interpreter prefix: left out.
      return FileVisitResult.CONTINUE;
    }

    private static boolean link(Path f, Path file) throws IOException {
      try {
        Files.createLink(f, file);
        return true;
      } catch (FileSystemException e) {
        // EXDEV (another filesystem) or a filesystem without hard links: copy instead
        return false;
      }
    }

    /**
     * True when sharing the inode gives {@code nobody} what it needs and nothing more: readable
     * (and executable, for an executable) by others, and not writable by {@code nobody} as owner,
     * group or other. A hard link shares the mode, so the original's mode is never changed here.
     */
    private static boolean linkable(Path file) throws IOException {
      Map<String, Object> a =
          Files.readAttributes(file, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      int id = ProcessRunner.UNPRIVILEGED_ID;
      boolean ownerIsNobody = (Integer) a.get("uid") == id;
      boolean groupWritable = (Integer) a.get("gid") == id && (mode & 0020) != 0;
      boolean othersWrite = (mode & 0002) != 0;
      boolean othersRead = (mode & 0004) != 0;
      boolean ownerExec = (mode & 0100) != 0;
      boolean othersExec = (mode & 0001) != 0;
      return !ownerIsNobody
          && !groupWritable
          && !othersWrite
          && othersRead
          && (!ownerExec || othersExec);
    }
  }
}
