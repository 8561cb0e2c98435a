package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.LocatorContext;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.PythonLocators;
import dev.nogilscan.interpreter.process.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real pieces the end-to-end tests need: the provisioned free-threaded interpreter (and its GIL
 * twin), the fixture packages built against it, and a simple index serving them on loopback.
 */
final class Fixtures implements AutoCloseable {
  static final Path ROOT =
      Path.of(System.getProperty("nogilscan.root", "..")).toAbsolutePath().normalize();
  static final Path FIXTURES = ROOT.resolve("src/test/fixtures");

  final PythonInterpreter freeThreaded;
  final Optional<PythonInterpreter> gilTwin;
  final Path dir;
  final String indexUrl;
  private final Process server;

  private Fixtures(
      PythonInterpreter ft, Optional<PythonInterpreter> gil, Path dir, String url, Process server) {
    this.freeThreaded = ft;
    this.gilTwin = gil;
    this.dir = dir;
    this.indexUrl = url;
    this.server = server;
  }

  /** Finds the interpreters, builds the fixture packages and starts the index. */
  static Fixtures start(Path dir) throws IOException, InterruptedException {
    return start(dir, Optional.empty(), false);
  }

  /**
   * Like {@link #start(Path)}, with the native wheels also built for the GIL twin (cp313 beside
   * cp313t), as {@code scan --bench --with-deps} installs each build its own wheel.
   */
  static Fixtures startWithTwin(Path dir) throws IOException, InterruptedException {
    return start(dir, Optional.empty(), true);
  }

  /** Like {@link #start(Path)}, for projects generated from a build_fixtures.py --spec file. */
  static Fixtures startSpec(Path dir, Path spec) throws IOException, InterruptedException {
    return start(dir, Optional.of(spec), false);
  }

  private static Fixtures start(Path dir, Optional<Path> spec, boolean twin)
      throws IOException, InterruptedException {
    InterpreterInspector inspector = new InterpreterInspector(new ProcessRunner());
    String explicit = System.getProperty("nogilscan.python", "");
    Path home = Path.of(System.getProperty("user.home"));
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache"))
            .resolve("nogil-scan");
    LocatorContext context = new LocatorContext(Optional.empty(), Map.of(), home, cache);
    List<Path> provisioned = PythonLocators.named("provisioned").orElseThrow().candidates(context);
    Optional<PythonInterpreter> ft = Optional.empty();
    Optional<PythonInterpreter> gil = Optional.empty();
    if (!explicit.isBlank()) {
      ft = Optional.of(inspector.inspect(Path.of(explicit), "-Dnogilscan.python"));
    }
    for (Path p : provisioned) {
      PythonInterpreter i = inspector.inspect(p, "provisioned");
      if (i.freeThreaded() && ft.isEmpty()) {
        ft = Optional.of(i);
      } else if (!i.freeThreaded() && gil.isEmpty()) {
        gil = Optional.of(i);
      }
    }
    assertThat(ft)
        .as(
            "a provisioned free-threaded CPython under %s (run scripts/ensure-python, or pass -Dnogilscan.python=PATH)",
            cache)
        .isPresent();
    assertThat(ft.get().freeThreaded()).isTrue();

    Path index = dir.resolve("index");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                ft.get().executable().toString(),
                "-I",
                FIXTURES.resolve("build_fixtures.py").toString(),
                spec.isPresent() ? "--spec" : "--python",
                spec.isPresent() ? spec.get().toString() : ft.get().executable().toString()));
    if (twin) {
      assertThat(gil).as("the provisioned GIL twin (run scripts/ensure-python)").isPresent();
      command.add("--twin-python");
      command.add(gil.get().executable().toString());
    }
    command.add(index.toString());
    Process build = new ProcessBuilder(command).redirectErrorStream(true).start();
    String buildOutput = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).as(buildOutput).isZero();

    Process server =
        new ProcessBuilder(
                ft.get().executable().toString(),
                "-I",
                "-u",
                FIXTURES.resolve("index_server.py").toString(),
                index.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String url = lines.readLine();
    assertThat(url).as("index server URL").startsWith("http://127.0.0.1:");
    return new Fixtures(ft.get(), gil, dir, url, server);
  }

  Path requirements() {
    return FIXTURES.resolve("requirements.txt");
  }

  Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Override
  public void close() {
    server.destroyForcibly();
  }
}
