package dev.nogilscan.interpreter.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nogilscan.interpreter.PythonEnvironment;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.Scripts;
import dev.nogilscan.interpreter.process.ProcessResult;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.process.ProcessSpec;
import dev.nogilscan.interpreter.process.Sandbox;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports distributions on a free-threaded interpreter, in a sandboxed child, and reports whether
 * the GIL stayed disabled (FACTS.md, "What an import shows").
 *
 * <p>The child runs with {@code -I -v}, never with {@code -X gil}, in an environment built from
 * nothing ({@link PythonEnvironment}), so a {@code PYTHON_GIL} in the scanner's own environment
 * cannot hide re-enabling. Thread safe; each call uses its own working directory.
 */
public final class ImportProbe {
  static final String MARKER = "@@nogil-scan-probe@@ ";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TAIL_LINES = 15;

  private final ProcessRunner runner;
  private final Path workRoot;
  private final Duration timeout;
  private final Sandbox sandbox;
  private final String script = Scripts.load("probe.py");

  /**
   * @param workRoot directory under which each probe gets a fresh HOME, TMPDIR and working
   *     directory, removed afterwards
   * @param timeout per probe process; the whole process group is killed when it runs out
   */
  public ImportProbe(ProcessRunner runner, Path workRoot, Duration timeout, Sandbox sandbox) {
    this.runner = runner;
    this.workRoot = workRoot;
    this.timeout = timeout;
    this.sandbox = sandbox;
  }

  /** Probes one distribution in a process of its own. */
  public ProbeResult probe(PythonInterpreter python, ProbeTarget target) {
    return probeAll(python, List.of(target)).get(0);
  }

  /**
   * Probes several distributions in one process, in order. A distribution that the process did not
   * finish (it crashed or timed out during it) gets that outcome; those after it are reported as
   * {@link ProbeOutcome#PROBE_FAILED} so the caller can retry them one by one.
   */
  public List<ProbeResult> probeAll(PythonInterpreter python, List<ProbeTarget> targets) {
    Path dir;
    try {
      Files.createDirectories(workRoot);
      dir = Files.createTempDirectory(workRoot, "probe-");
      Files.createDirectories(dir.resolve("home"));
      Files.createDirectories(dir.resolve("tmp"));
      Files.writeString(dir.resolve("probe.py"), script);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a probe directory under " + workRoot, e);
    }
    try {
      return run(python, targets, dir);
    } finally {
      deleteTree(dir);
    }
  }

  private List<ProbeResult> run(PythonInterpreter python, List<ProbeTarget> targets, Path dir) {
    Path log = dir.resolve("output.log");
    ObjectNode request = JSON.createObjectNode();
    request.put("log", log.toString());
    ArrayNode dists = request.putArray("distributions");
    for (ProbeTarget t : targets) {
      ObjectNode d = dists.addObject();
      d.put("name", t.distribution());
      ArrayNode paths = d.putArray("paths");
      t.paths().forEach(p -> paths.add(p.toAbsolutePath().toString()));
      ArrayNode modules = d.putArray("modules");
      t.modules().forEach(modules::add);
    }
    List<String> command =
        List.of(
            python.executable().toString(),
            "-I", // isolated: ignores PYTHON* variables (PYTHON_GIL included) and the user site
            "-v", // prints "# loading module '...', which requires the GIL" for each offender
            "-X",
            "faulthandler", // a crash leaves a Python traceback in the log
            dir.resolve("probe.py").toString());
    ProcessSpec spec =
        new ProcessSpec(
            command,
            PythonEnvironment.scrubbed(dir.resolve("home"), dir.resolve("tmp")),
            dir,
            timeout,
            ProcessSpec.DEFAULT_OUTPUT_LIMIT,
            sandbox,
            Optional.of(request.toString().getBytes(StandardCharsets.UTF_8)));
    ProcessResult result = runner.run(spec);
    String tail = outputTail(log, result);

    List<ProbeResult> results = new ArrayList<>();
    boolean done = false;
    for (String line : result.stdout().split("\n")) {
      if (!line.startsWith(MARKER)) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line.substring(MARKER.length()));
      } catch (IOException e) {
        break;
      }
      if (node.path("done").asBoolean(false)) {
        done = true;
        break;
      }
      if (results.size() < targets.size()) {
        results.add(fromAnswer(node, targets.get(results.size()), tail, result));
      }
    }
    for (int i = results.size(); i < targets.size(); i++) {
      ProbeTarget t = targets.get(i);
      boolean culprit = i == results.size();
      results.add(unfinished(t, culprit, done, tail, result));
    }
    return results;
  }

  private ProbeResult unfinished(
      ProbeTarget target, boolean culprit, boolean done, String tail, ProcessResult result) {
    ProbeOutcome outcome;
    String detail;
    OptionalInt signal = OptionalInt.empty();
    if (!culprit) {
      outcome = ProbeOutcome.PROBE_FAILED;
      detail = "not probed: an earlier distribution in the same batch ended the interpreter";
    } else if (result.timedOut()) {
      outcome = ProbeOutcome.TIMEOUT;
      detail = "import did not finish within " + timeout.toSeconds() + " s; process group killed";
    } else if (result.signal().isPresent()) {
      outcome = ProbeOutcome.CRASH;
      signal = result.signal();
      detail =
          "interpreter killed by signal "
              + signalName(result.signal().getAsInt())
              + " during import";
    } else if (!done && result.exitCode() != 0) {
      outcome = ProbeOutcome.CRASH;
      detail = "interpreter exited with status " + result.exitCode() + " during import";
    } else {
      outcome = ProbeOutcome.PROBE_FAILED;
      detail = "the probe gave no answer (exit " + result.exitCode() + ")";
    }
    return new ProbeResult(
        target.distribution(),
        outcome,
        List.of(),
        List.of(),
        false,
        false,
        signal,
        detail,
        tail,
        result.isolation(),
        result.elapsed());
  }

  private static ProbeResult fromAnswer(
      JsonNode node, ProbeTarget target, String tail, ProcessResult result) {
    List<ModuleImport> modules = new ArrayList<>();
    Set<String> gilModules = new LinkedHashSet<>();
    for (JsonNode m : node.path("modules")) {
      List<String> warnings = new ArrayList<>();
      m.path("warnings").forEach(w -> warnings.add(w.asText()));
      m.path("gilWarningModules").forEach(w -> gilModules.add(w.asText()));
      modules.add(
          new ModuleImport(
              m.path("module").asText(),
              m.path("imported").asBoolean(false),
              text(m, "error"),
              text(m, "message"),
              text(m, "missing"),
              text(m, "traceback"),
              warnings,
              m.path("gilEnabledAfter").asBoolean(false)));
    }
    // The -v lines name every offender in load order; the warning only the first. Merge both,
    // -v order first.
    Set<String> ordered = new LinkedHashSet<>();
    node.path("gilModules").forEach(g -> ordered.add(g.asText()));
    ordered.addAll(gilModules);
    boolean before = node.path("gilEnabledBefore").asBoolean(true);
    boolean after = node.path("gilEnabledAfter").asBoolean(true);

    ProbeOutcome outcome;
    String detail;
    Optional<ModuleImport> exit =
        modules.stream()
            .filter(m -> m.error().filter("SystemExit"::equals).isPresent())
            .findFirst();
    Optional<ModuleImport> failed = modules.stream().filter(m -> !m.imported()).findFirst();
    if (before) {
      outcome = ProbeOutcome.PROBE_FAILED;
      detail =
          "the GIL was already enabled before any import: the interpreter is not running free-threaded";
    } else if (exit.isPresent()) {
      outcome = ProbeOutcome.EXIT_AT_IMPORT;
      detail = "import " + exit.get().module() + ": " + exit.get().message().orElse("sys.exit");
    } else if (failed.isPresent()) {
      ModuleImport f = failed.get();
      outcome = ProbeOutcome.IMPORT_ERROR;
      detail =
          "import "
              + f.module()
              + " raised "
              + f.error().orElse("an error")
              + f.message().filter(s -> !s.isBlank()).map(s -> ": " + s).orElse("");
    } else if (!ordered.isEmpty() || after) {
      outcome = ProbeOutcome.GIL_REENABLED;
      detail =
          ordered.isEmpty()
              ? "the GIL was enabled after import, but no module was named"
              : "importing re-enabled the GIL: " + String.join(", ", ordered);
    } else {
      outcome = ProbeOutcome.CLEAN;
      detail = "imported " + String.join(", ", target.modules()) + "; GIL still disabled";
    }
    return new ProbeResult(
        target.distribution(),
        outcome,
        modules,
        List.copyOf(ordered),
        before,
        after,
        OptionalInt.empty(),
        detail,
        tail,
        result.isolation(),
        result.elapsed());
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  /** The last lines of what the imported code printed, without CPython's -v import trace. */
  private static String outputTail(Path log, ProcessResult result) {
    List<String> kept = new ArrayList<>();
    if (Files.isRegularFile(log)) {
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
        long from = Math.max(0, f.length() - 256 * 1024);
        f.seek(from);
        byte[] bytes = new byte[(int) (f.length() - from)];
        f.readFully(bytes);
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
          if (!isVerboseTrace(line)) {
            kept.add(line.stripTrailing());
          }
        }
      } catch (IOException e) {
        kept.add("(probe output unreadable: " + e.getMessage() + ")");
      }
    }
    for (String line : result.stderr().split("\n")) {
      if (!isVerboseTrace(line)) {
        kept.add(line.stripTrailing());
      }
    }
    kept.removeIf(String::isBlank);
    return String.join("\n", kept.subList(Math.max(0, kept.size() - TAIL_LINES), kept.size()));
  }

  private static boolean isVerboseTrace(String line) {
    String s = line.strip();
    return (s.startsWith("# ") && !s.contains("which requires the GIL"))
        || s.startsWith("import ")
        || s.startsWith("# destroy ")
        || s.startsWith("# cleanup")
        || s.startsWith("# code object from")
        || s.isEmpty();
  }

  static String signalName(int signal) {
    return switch (signal) {
      case 4 -> "SIGILL";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 24 -> "SIGXCPU";
      case 25 -> "SIGXFSZ";
      default -> "signal " + signal;
    };
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover probe directory under the tool's own work root is harmless.
    }
  }
}
