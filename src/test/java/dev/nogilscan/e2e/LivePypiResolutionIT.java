package dev.nogilscan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.LocatorContext;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.PythonLocators;
import dev.nogilscan.interpreter.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opt-in ({@code ./mvnw verify -Plive}, which sets {@code nogilscan.live=true}): the real
 * requirements files under src/test/fixtures/live/ resolve against the public PyPI to the same
 * releases with nogil-scan as with {@code pip install --dry-run --ignore-installed --report} run by
 * the provisioned free-threaded interpreter, whose own tags and markers are the target's. Never
 * part of the default run: it needs the network and its answer changes as PyPI does.
 */
@EnabledIfSystemProperty(named = "nogilscan.live", matches = "true")
class LivePypiResolutionIT {
  static final Path SCENARIOS = Fixtures.FIXTURES.resolve("live");
  static final String PYPI = "https://pypi.org/simple/";

  @TempDir Path tmp;

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(SCENARIOS)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sameReleasesAsPipOnThePublicIndex(String scenario) throws Exception {
    Path requirements = SCENARIOS.resolve(scenario);
    Map<String, String> pip = pip(freeThreaded(), requirements);
    Map<String, String> ours = ours(requirements);
    assertThat(pip).as("pip resolved something").isNotEmpty();
    assertThat(ours).isEqualTo(pip);
  }

  private static PythonInterpreter freeThreaded() throws Exception {
    InterpreterInspector inspector = new InterpreterInspector(new ProcessRunner());
    String explicit = System.getProperty("nogilscan.python", "");
    if (!explicit.isBlank()) {
      return inspector.inspect(Path.of(explicit), "-Dnogilscan.python");
    }
    Path home = Path.of(System.getProperty("user.home"));
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache"))
            .resolve("nogil-scan");
    LocatorContext context = new LocatorContext(Optional.empty(), Map.of(), home, cache);
    for (Path p : PythonLocators.named("provisioned").orElseThrow().candidates(context)) {
      PythonInterpreter i = inspector.inspect(p, "provisioned");
      if (i.freeThreaded()) {
        return i;
      }
    }
    throw new AssertionError("a provisioned free-threaded CPython under " + cache);
  }

  private Map<String, String> pip(PythonInterpreter python, Path requirements) throws IOException {
    return Resolutions.pip(
        python.executable(),
        PYPI,
        requirements,
        tmp,
        Map.of("PIP_CERT", "/etc/ssl/certs/ca-certificates.crt"),
        Duration.ofMinutes(10));
  }

  private Map<String, String> ours(Path requirements) throws IOException {
    return Resolutions.ours(PYPI, requirements, tmp);
  }
}
