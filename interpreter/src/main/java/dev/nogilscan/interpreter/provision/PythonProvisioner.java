package dev.nogilscan.interpreter.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.PythonEnvironment;
import dev.nogilscan.interpreter.PythonException;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.Scripts;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds CPython with {@code --disable-gil}, and its GIL twin from the same source, into the cache
 * directory. Idempotent: an interpreter already built is reused. Atomic: a build lands in a staging
 * directory and is moved into place only after it ran and reported the expected {@code
 * Py_GIL_DISABLED}, so a failed or interrupted build leaves no half-installed interpreter.
 * Concurrent installs into one cache directory are serialised by a file lock.
 */
public final class PythonProvisioner {
  /** Marker written into a finished installation; its absence means "not ours or incomplete". */
  public static final String MARKER = "nogil-scan-build.json";

  /** Full versions used when only {@code X.Y} is asked for and no tarball is cached. */
  static final Map<String, String> DEFAULT_PATCH = Map.of("3.13", "3.13.5", "3.14", "3.14.0");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProcessRunner runner;
  private final InterpreterInspector inspector;
  private final Map<String, String> environment;

  /**
   * @param environment the scanner's environment; only {@code PATH} is passed on to the build
   */
  public PythonProvisioner(ProcessRunner runner, Map<String, String> environment) {
    this.runner = runner;
    this.inspector = new InterpreterInspector(runner);
    this.environment = Map.copyOf(environment);
  }

  /** Where the free-threaded (or GIL) build of {@code version} is installed. */
  public static Path installDir(Path cacheDir, String version, boolean freeThreaded) {
    return cacheDir.resolve("python").resolve("cpython-" + version + (freeThreaded ? "t" : ""));
  }

  /** The executable inside an installation directory. */
  public static Path executable(Path installDir, String version, boolean freeThreaded) {
    String minor = version.substring(0, version.lastIndexOf('.'));
    return installDir.resolve("bin").resolve("python" + minor + (freeThreaded ? "t" : ""));
  }

  /**
   * Provisions the interpreters.
   *
   * @param progress receives one line per step, for display
   * @throws PythonException when no source can be had or the build fails
   */
  public Installed install(InstallRequest request, Consumer<String> progress) {
    Path python = request.cacheDir().resolve("python");
    try {
      Files.createDirectories(python);
      try (FileChannel channel =
              FileChannel.open(
                  python.resolve(".install.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        return installLocked(request, progress);
      }
    } catch (IOException e) {
      throw new PythonException(
          "cannot use the cache directory " + python + ": " + e.getMessage(), e);
    }
  }

  private Installed installLocked(InstallRequest request, Consumer<String> progress)
      throws IOException {
    Optional<Installed> existing = existing(request);
    if (existing.isPresent()) {
      progress.accept("already installed: " + existing.get().freeThreaded());
      return existing.get();
    }
    SourceTarball tarball = tarball(request, progress);
    Path ft = build(request, tarball, true, progress);
    Optional<Path> gil =
        request.withGilTwin()
            ? Optional.of(build(request, tarball, false, progress))
            : Optional.empty();
    deleteTree(request.cacheDir().resolve("python").resolve(".build-" + tarball.version()));
    return new Installed(tarball.version(), ft, gil, tarball.path(), false);
  }

  /** An installation already in the cache for the requested version, when complete. */
  public Optional<Installed> existing(InstallRequest request) {
    Path python = request.cacheDir().resolve("python");
    if (!Files.isDirectory(python)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(python)) {
      List<Path> candidates =
          dirs.filter(d -> d.getFileName().toString().startsWith("cpython-"))
              .filter(d -> d.getFileName().toString().endsWith("t"))
              .filter(d -> Files.isRegularFile(d.resolve(MARKER)))
              .sorted(Comparator.reverseOrder())
              .toList();
      for (Path ftDir : candidates) {
        String name = ftDir.getFileName().toString();
        String version = name.substring("cpython-".length(), name.length() - 1);
        if (!(version.equals(request.version()) || version.startsWith(request.version() + "."))) {
          continue;
        }
        Path gilDir = installDir(request.cacheDir(), version, false);
        boolean gilReady = Files.isRegularFile(gilDir.resolve(MARKER));
        if (request.withGilTwin() && !gilReady) {
          continue;
        }
        return Optional.of(
            new Installed(
                version,
                executable(ftDir, version, true),
                gilReady ? Optional.of(executable(gilDir, version, false)) : Optional.empty(),
                ftDir,
                true));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private Path build(
      InstallRequest request,
      SourceTarball tarball,
      boolean freeThreaded,
      Consumer<String> progress)
      throws IOException {
    String version = tarball.version();
    Path target = installDir(request.cacheDir(), version, freeThreaded);
    Path exe = executable(target, version, freeThreaded);
    if (Files.isRegularFile(target.resolve(MARKER))) {
      progress.accept("reusing " + target);
      return exe;
    }
    if (Files.exists(target)) {
      // A directory without our marker is the remains of something interrupted: never trust it.
      progress.accept("removing incomplete " + target);
      deleteTree(target);
    }
    String variant = freeThreaded ? "ft" : "gil";
    Path python = request.cacheDir().resolve("python");
    Path work = python.resolve(".build-" + version);
    Path staging = python.resolve(".staging-" + version + "-" + variant);
    deleteTree(staging);
    Path script = python.resolve(".build-cpython.sh");
    Files.writeString(script, Scripts.load("build-cpython.sh"));
    progress.accept(
        "building CPython "
            + version
            + (freeThreaded ? " free-threaded (--disable-gil)" : " with the GIL (twin)")
            + " into "
            + target
            + " (takes minutes)");
    Map<String, String> env = new HashMap<>(PythonEnvironment.scrubbed());
    env.put("PATH", environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    ProcessResult result =
        runner.run(
            ProcessSpec.of(
                    List.of(
                        "sh",
                        script.toString(),
                        tarball.path().toAbsolutePath().toString(),
                        work.toAbsolutePath().toString(),
                        variant,
                        target.toAbsolutePath().toString(),
                        staging.toAbsolutePath().toString(),
                        Integer.toString(Math.max(1, request.jobs()))),
                    env,
                    python,
                    Duration.ofMinutes(90))
                .withOutputLimit(256 * 1024),
            line -> {
              if (line.startsWith("[nogil-scan] ")) {
                progress.accept(line.substring("[nogil-scan] ".length()));
              }
            });
    if (!result.succeeded()) {
      deleteTree(staging);
      throw new PythonException(
          "building CPython "
              + version
              + " ("
              + variant
              + ") failed"
              + (result.timedOut() ? " (timed out)" : " with exit " + result.exitCode())
              + ":\n"
              + result.stderrTail(25));
    }
    Path staged = staging.resolve(target.toAbsolutePath().toString().substring(1));
    Path stagedExe = executable(staged, version, freeThreaded);
    PythonInterpreter built;
    try {
      built = inspector.inspect(stagedExe, "provisioned");
    } catch (PythonException e) {
      deleteTree(staging);
      throw new PythonException("the CPython just built does not run: " + e.getMessage(), e);
    }
    if (built.freeThreaded() != freeThreaded) {
      deleteTree(staging);
      throw new PythonException(
          "the CPython just built reports Py_GIL_DISABLED="
              + (built.freeThreaded() ? 1 : 0)
              + ", expected "
              + (freeThreaded ? 1 : 0));
    }
    writeMarker(staged, tarball, variant);
    Files.createDirectories(target.getParent());
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staged, target);
    }
    deleteTree(staging);
    progress.accept("installed " + exe);
    return exe;
  }

  private static void writeMarker(Path dir, SourceTarball tarball, String variant)
      throws IOException {
    ObjectNode marker = JSON.createObjectNode();
    marker.put("version", tarball.version());
    marker.put("variant", variant);
    marker.put("configure", variant.equals("ft") ? "--disable-gil" : "");
    marker.put("source", tarball.path().getFileName().toString());
    Files.writeString(dir.resolve(MARKER), marker.toPrettyString() + "\n");
  }

  private SourceTarball tarball(InstallRequest request, Consumer<String> progress)
      throws IOException {
    Path sources = request.cacheDir().resolve("sources");
    Files.createDirectories(sources);
    if (request.source().isPresent()) {
      String source = request.source().get();
      Path file =
          source.startsWith("http://") || source.startsWith("https://")
              ? download(URI.create(source), sources, progress)
                  .orElseThrow(() -> new PythonException("cannot download " + source))
              : Path.of(source);
      if (!Files.isRegularFile(file)) {
        throw new PythonException("--source " + source + ": no such file");
      }
      return SourceTarball.of(file)
          .orElseThrow(
              () ->
                  new PythonException(
                      "--source "
                          + source
                          + ": cannot tell the CPython version from the file name;"
                          + " expected Python-X.Y.Z.tar.xz or pythonX.Y_X.Y.Z.orig.tar.xz"));
    }
    Optional<SourceTarball> cached = cachedTarball(sources, request.version());
    if (cached.isPresent()) {
      progress.accept("using cached source " + cached.get().path());
      return cached.get();
    }
    String full =
        request.version().chars().filter(c -> c == '.').count() >= 2
            ? request.version()
            : DEFAULT_PATCH.getOrDefault(request.version(), request.version() + ".0");
    URI upstream =
        URI.create("https://www.python.org/ftp/python/" + full + "/Python-" + full + ".tar.xz");
    Optional<Path> downloaded = download(upstream, sources, progress);
    if (downloaded.isPresent()) {
      return SourceTarball.of(downloaded.get()).orElseThrow();
    }
    return debianSource(request, sources, progress);
  }

  private static Optional<SourceTarball> cachedTarball(Path sources, String version)
      throws IOException {
    try (Stream<Path> files = Files.list(sources)) {
      return files
          .map(SourceTarball::of)
          .flatMap(Optional::stream)
          .filter(t -> t.matches(version))
          .max(Comparator.comparing(SourceTarball::version));
    }
  }

  private Optional<Path> download(URI uri, Path sources, Consumer<String> progress) {
    progress.accept("downloading " + uri);
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(15))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    String name = Path.of(uri.getPath()).getFileName().toString();
    Path target = sources.resolve(name);
    Path part = sources.resolve(name + ".part");
    try {
      HttpResponse<InputStream> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        progress.accept("  " + uri.getHost() + " answered HTTP " + response.statusCode());
        return Optional.empty();
      }
      try (InputStream in = response.body()) {
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(target);
    } catch (IOException e) {
      progress.accept("  unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a leftover .part file is never trusted: only complete names are used
      }
    }
  }

  /** Debian's CPython source package, fetched with {@code apt-get source} (signed by apt). */
  private SourceTarball debianSource(
      InstallRequest request, Path sources, Consumer<String> progress) throws IOException {
    String minor = request.version().replaceAll("^(\\d+\\.\\d+).*$", "$1");
    if (!Files.isRegularFile(Path.of("/etc/debian_version"))) {
      throw new PythonException(
          "cannot download the CPython "
              + request.version()
              + " source and this is not a Debian system; pass --source FILE|URL");
    }
    progress.accept("falling back to Debian's source package python" + minor + " (apt-get source)");
    Path apt = Files.createTempDirectory(sources, ".apt-");
    try {
      Map<String, String> env = new HashMap<>(PythonEnvironment.scrubbed());
      env.put("PATH", environment.getOrDefault("PATH", "/usr/bin:/bin"));
      ProcessResult result =
          runner.run(
              ProcessSpec.of(
                  List.of("apt-get", "source", "--download-only", "python" + minor),
                  env,
                  apt,
                  Duration.ofMinutes(10)));
      if (!result.succeeded()) {
        throw new PythonException(
            "apt-get source --download-only python"
                + minor
                + " failed: "
                + result.stderrTail(3).replace('\n', ' ')
                + ". It needs a deb-src entry for a Debian suite that has python"
                + minor
                + " (trixie has 3.13); see the README, or pass --source FILE|URL");
      }
      try (Stream<Path> files = Files.list(apt)) {
        for (Path f : files.toList()) {
          Optional<SourceTarball> t = SourceTarball.of(f).filter(s -> s.matches(request.version()));
          if (t.isPresent()) {
            Path kept = sources.resolve(f.getFileName());
            Files.move(f, kept, StandardCopyOption.REPLACE_EXISTING);
            return new SourceTarball(kept, t.get().version());
          }
        }
      }
      throw new PythonException(
          "apt-get source python" + minor + " gave no source tarball for " + request.version());
    } finally {
      deleteTree(apt);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new PythonException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }
}
