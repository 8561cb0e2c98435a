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
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Imports distributions on a free-threaded interpreter, in a sandboxed child, and reports whether
 * the GIL stayed disabled (FACTS.md, "What an import shows").
 *
 * <p>The child runs with {@code -I -v -X faulthandler}, never with {@code -X gil}, in an
 * environment built from nothing ({@link PythonEnvironment}), so a {@code PYTHON_GIL} in the
 * scanner's own environment cannot hide re-enabling. Each call gets a fresh HOME, TMPDIR and
 * working directory, removed afterwards. When the runner can drop privileges (running as root with
 * {@code setpriv}), that directory is handed to {@code nobody} and the sandbox asks for the drop;
 * built on a {@link ProbeWorkspace}, the probe also runs the interpreter from the workspace's
 * mirror when {@code nobody} cannot use it where it is.
 *
 * <p>Thread safe. {@link ProbeScheduler} batches and parallelises calls.
 */
public final class ImportProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TAIL_LINES = 15;
  private static final int CRASH_LINES = 40;

  /** Warning lines that are noise: deprecation-style categories and their source line. */
  private static final Pattern NOISE_WARNING =
      Pattern.compile(
          ".*:\\d+: (Deprecation|PendingDeprecation|Future|Syntax|Resource|Import|Encoding)Warning: .*");

  private final ProcessRunner runner;
  private final Path workRoot;
  private final Optional<ProbeWorkspace> workspace;
  private final Duration timeout;
  private final Sandbox sandbox;
  private final String script = Scripts.load("probe.py");

  /**
   * @param workRoot directory under which each probe gets a fresh HOME, TMPDIR and working
   *     directory, removed afterwards
   * @param timeout per probe process; the whole process group is killed when it runs out
   */
  public ImportProbe(ProcessRunner runner, Path workRoot, Duration timeout, Sandbox sandbox) {
    this(runner, workRoot, Optional.empty(), timeout, sandbox);
  }

  /**
   * A probe whose processes get their directories in {@code workspace} and run the interpreter as
   * the workspace presents it ({@link ProbeWorkspace#interpreterFor}), so that, run as root, they
   * can drop to {@code nobody} even when the interpreter lies where {@code nobody} cannot go.
   * Distributions should then be installed under {@link ProbeWorkspace#sites()}.
   *
   * @param timeout per probe process; the whole process group is killed when it runs out
   */
  public ImportProbe(
      ProcessRunner runner, ProbeWorkspace workspace, Duration timeout, Sandbox sandbox) {
    this(runner, workspace.probes(), Optional.of(workspace), timeout, sandbox);
  }

  private ImportProbe(
      ProcessRunner runner,
      Path workRoot,
      Optional<ProbeWorkspace> workspace,
      Duration timeout,
      Sandbox sandbox) {
    this.runner = runner;
    this.workRoot = workRoot;
    this.workspace = workspace;
    this.timeout = timeout;
    this.sandbox = sandbox;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Probes one distribution in a process of its own, top-level imports only. */
  public ProbeResult probe(PythonInterpreter python, ProbeTarget target) {
    return probe(python, target, ProbeOptions.DEFAULT);
  }

  /** Probes one distribution in a process of its own. */
  public ProbeResult probe(PythonInterpreter python, ProbeTarget target, ProbeOptions options) {
    return probeAll(python, List.of(target), options).get(0);
  }

  /** {@link #probeAll(PythonInterpreter, List, ProbeOptions)} with top-level imports only. */
  public List<ProbeResult> probeAll(PythonInterpreter python, List<ProbeTarget> targets) {
    return probeAll(python, targets, ProbeOptions.DEFAULT);
  }

  /**
   * Probes several distributions in one process, in order; modules one distribution imported are
   * forgotten before the next. A distribution that the process did not finish (it crashed, exited
   * or timed out during it) gets that outcome; those after it are reported as {@link
   * ProbeOutcome#PROBE_FAILED}. Results of distributions after one that re-enabled the GIL are not
   * exact (the GIL stays enabled for the rest of the process): {@link ProbeScheduler} re-runs them
   * alone.
   *
   * @return one result per target, in order
   * @throws UncheckedIOException when the probe directory cannot be prepared
   */
  public List<ProbeResult> probeAll(
      PythonInterpreter python, List<ProbeTarget> targets, ProbeOptions options) {
    if (targets.isEmpty()) {
      return List.of();
    }
    Path dir;
    boolean drop = sandbox.dropPrivileges() && runner.capabilities().canDropPrivileges();
    try {
      Files.createDirectories(workRoot);
      dir = Files.createTempDirectory(workRoot, "probe-");
      Files.createDirectories(dir.resolve("home"));
      Files.createDirectories(dir.resolve("tmp"));
      Files.writeString(dir.resolve("probe.py"), script);
      if (drop) {
        // The child runs as nobody: it must own its HOME, TMPDIR and working directory.
        for (String p : List.of("", "home", "tmp", "probe.py")) {
          Files.setAttribute(dir.resolve(p), "unix:uid", ProcessRunner.UNPRIVILEGED_ID);
          Files.setAttribute(dir.resolve(p), "unix:gid", ProcessRunner.UNPRIVILEGED_ID);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a probe directory under " + workRoot, e);
    }
    try {
      PythonInterpreter runnable =
          drop ? workspace.map(w -> w.interpreterFor(python)).orElse(python) : python;
      return run(runnable, targets, options, dir);
    } finally {
      deleteTree(dir);
    }
  }

  private List<ProbeResult> run(
      PythonInterpreter python, List<ProbeTarget> targets, ProbeOptions options, Path dir) {
    Path log = dir.resolve("output.log");
    // A fresh nonce per process, so imported code printing look-alike lines cannot forge answers.
    String marker = "@@nogil-scan-" + HexFormat.of().formatHex(nonce()) + "@@";
    ObjectNode request = JSON.createObjectNode();
    request.put("log", log.toString());
    request.put("marker", marker);
    ObjectNode o = request.putObject("options");
    o.put("deep", options.deep());
    o.put("deepLimit", options.deepLimit());
    o.put("deepSeconds", options.deepTime().toMillis() / 1000.0);
    o.put("threadsSmoke", options.threadsSmoke());
    ArrayNode dists = request.putArray("distributions");
    List<Path> readable = new ArrayList<>();
    readable.add(dir.resolve("probe.py"));
    for (ProbeTarget t : targets) {
      ObjectNode d = dists.addObject();
      d.put("name", t.distribution());
      ArrayNode paths = d.putArray("paths");
      t.paths()
          .forEach(
              p -> {
                paths.add(p.toAbsolutePath().toString());
                readable.add(p.toAbsolutePath());
              });
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
            sandbox.withReadable(readable),
            Optional.of(request.toString().getBytes(StandardCharsets.UTF_8)));
    ProcessResult result = runner.run(spec);
    Tail tail = outputTail(log, result);
    return new Reader(targets, options, result, tail).read(marker);
  }

  private static byte[] nonce() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Turns the event lines of one process into results. */
  private final class Reader {
    private final List<ProbeTarget> targets;
    private final ProbeOptions options;
    private final ProcessResult result;
    private final Tail tail;
    private final Map<Integer, Map<String, JsonNode>> events = new HashMap<>();
    private final Map<Integer, String> lastDeepModule = new HashMap<>();
    private final Map<Integer, String> lastModule = new HashMap<>();
    private int lastBegun = -1;
    private boolean done;

    Reader(List<ProbeTarget> targets, ProbeOptions options, ProcessResult result, Tail tail) {
      this.targets = targets;
      this.options = options;
      this.result = result;
      this.tail = tail;
    }

    List<ProbeResult> read(String marker) {
      String prefix = marker + " ";
      for (String line : result.stdout().split("\n")) {
        if (!line.startsWith(prefix)) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line.substring(prefix.length()));
        } catch (IOException e) {
          break; // a truncated last line: the process died while writing it
        }
        String event = node.path("event").asText();
        int index = node.path("index").asInt(-1);
        if (event.equals("done")) {
          done = true;
          break;
        }
        if (index < 0 || index >= targets.size()) {
          continue;
        }
        if (event.equals("begin")) {
          lastBegun = index;
        } else if (event.equals("importing")) {
          lastModule.put(index, node.path("module").asText());
        } else if (event.equals("deep-module")) {
          lastDeepModule.put(index, node.path("module").asText());
        }
        events.computeIfAbsent(index, i -> new HashMap<>()).put(event, node);
      }
      List<ProbeResult> results = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        results.add(resultFor(i));
      }
      return results;
    }

    /** Whether the process ended while working on distribution {@code i}. */
    private boolean diedIn(int i) {
      return !done && i == lastBegun;
    }

    private ProbeResult resultFor(int i) {
      ProbeTarget target = targets.get(i);
      Map<String, JsonNode> e = events.getOrDefault(i, Map.of());
      JsonNode answer = e.get("import");
      if (answer == null) {
        return unfinished(target, diedIn(i), Optional.ofNullable(lastModule.get(i)));
      }
      ProbeResult base = fromAnswer(answer, target);
      Optional<DeepImport> deep = Optional.empty();
      ProbeOutcome outcome = base.outcome();
      String detail = base.detail();
      OptionalInt signal = OptionalInt.empty();
      Set<String> gilModules = new LinkedHashSet<>(base.gilModules());
      boolean gilAfter = base.gilEnabledAfter();
      boolean diedAfterAnswer = diedIn(i);
      boolean inDeep =
          options.deep()
              && (e.containsKey("deep")
                  || e.containsKey("deep-module")
                  || diedAfterAnswer && !e.containsKey("smoke-begin"));
      if (inDeep) {
        JsonNode d = e.get("deep");
        Optional<String> interrupted =
            d == null && diedIn(i) ? Optional.ofNullable(lastDeepModule.get(i)) : Optional.empty();
        List<ModuleImport> subs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> deepGil = new ArrayList<>();
        if (d != null) {
          d.path("modules").forEach(m -> subs.add(module(m, target)));
          d.path("skipped").forEach(s -> skipped.add(s.asText()));
          d.path("gilModules").forEach(g -> deepGil.add(g.asText()));
          subs.forEach(m -> deepGil.addAll(gilWarningModules(d, m)));
          gilAfter = d.path("gilEnabledAfter").asBoolean(gilAfter);
        }
        deep =
            Optional.of(
                new DeepImport(
                    subs,
                    skipped,
                    d == null ? Optional.empty() : text(d, "truncated"),
                    deepGil,
                    interrupted));
        gilModules.addAll(deepGil);
        if (d == null && diedAfterAnswer) {
          diedAfterAnswer = false;
          String where =
              interrupted.map(m -> "import of submodule " + m).orElse("submodule imports")
                  + " (--deep)";
          Dead dead = dead(where);
          outcome = dead.outcome;
          detail = dead.detail;
          signal = dead.signal;
        } else if (outcome == ProbeOutcome.CLEAN && (!deepGil.isEmpty() || gilAfter)) {
          outcome = ProbeOutcome.GIL_REENABLED;
          detail =
              deepGil.isEmpty()
                  ? "the GIL was enabled after importing submodules, but no module was named"
                  : "importing submodules re-enabled the GIL: " + String.join(", ", deepGil);
        }
      }
      Optional<ThreadsSmoke> smoke = Optional.empty();
      if (e.containsKey("smoke")) {
        JsonNode s = e.get("smoke");
        List<String> errors = new ArrayList<>();
        s.path("errors").forEach(x -> errors.add(x.asText()));
        smoke =
            Optional.of(
                new ThreadsSmoke(
                    s.path("threads").asInt(),
                    errors.isEmpty() ? ThreadsSmoke.Outcome.PASSED : ThreadsSmoke.Outcome.RAISED,
                    errors,
                    OptionalInt.empty(),
                    Duration.ofMillis(s.path("elapsedMillis").asLong()),
                    s.path("gilEnabledAfter").asBoolean(false)));
      } else if (e.containsKey("smoke-begin") && diedAfterAnswer) {
        diedAfterAnswer = false;
        smoke =
            Optional.of(
                new ThreadsSmoke(
                    e.get("smoke-begin").path("threads").asInt(),
                    result.timedOut() ? ThreadsSmoke.Outcome.TIMEOUT : ThreadsSmoke.Outcome.CRASH,
                    List.of(dead("the threads smoke test").detail),
                    result.signal(),
                    Duration.ZERO,
                    true));
      }
      if (diedAfterAnswer) {
        // Died after the answer, outside any later phase (a thread the import started, or the
        // clean-up before the next distribution): blame this distribution.
        Dead dead = dead("the time after its import");
        outcome = dead.outcome;
        detail = dead.detail;
        signal = dead.signal;
      }
      return new ProbeResult(
          target.distribution(),
          outcome,
          base.modules(),
          List.copyOf(gilModules),
          base.gilEnabledBefore(),
          gilAfter,
          signal,
          detail,
          // A batch's output belongs to all its distributions: a result that ended cleanly in a
          // shared process would otherwise carry its neighbours' lines as its own evidence.
          targets.size() > 1 && outcome == ProbeOutcome.CLEAN ? "" : tail.text,
          result.isolation(),
          result.elapsed(),
          base.missingDependencies(),
          tail.noise,
          deep,
          smoke,
          targets.size());
    }

    private ProbeResult unfinished(ProbeTarget target, boolean culprit, Optional<String> module) {
      ProbeOutcome outcome;
      String detail;
      OptionalInt signal = OptionalInt.empty();
      if (!culprit) {
        outcome = ProbeOutcome.PROBE_FAILED;
        detail =
            lastBegun < 0 && !done
                ? "the probe gave no answer (exit "
                    + result.exitCode()
                    + (result.timedOut() ? ", timed out" : "")
                    + ")"
                : "not probed: another distribution in the same interpreter ended it first";
      } else {
        Dead dead = dead(module.map(m -> "import of " + m).orElse("import"));
        outcome = dead.outcome;
        detail = dead.detail;
        signal = dead.signal;
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
          tail.text,
          result.isolation(),
          result.elapsed(),
          List.of(),
          tail.noise,
          Optional.empty(),
          Optional.empty(),
          targets.size());
    }

    private Dead dead(String during) {
      if (result.timedOut()) {
        return new Dead(
            ProbeOutcome.TIMEOUT,
            during
                + " did not finish within "
                + timeout.toMillis() / 1000.0
                + " s; process group killed",
            OptionalInt.empty());
      }
      if (result.signal().isPresent()) {
        int sig = result.signal().getAsInt();
        return new Dead(
            ProbeOutcome.CRASH,
            "interpreter killed by "
                + signalName(sig)
                + (sig == 24 ? " (CPU time limit)" : sig == 25 ? " (file size limit)" : "")
                + " during "
                + during
                + crashLine(),
            result.signal());
      }
      return new Dead(
          ProbeOutcome.EXIT_AT_IMPORT,
          "interpreter exited with status "
              + result.exitCode()
              + " during "
              + during
              + " (os._exit or a fatal error)"
              + crashLine(),
          OptionalInt.empty());
    }

    /** The first "Fatal Python error" line, which names what went wrong. */
    private String crashLine() {
      return tail.text
          .lines()
          .filter(l -> l.startsWith(FATAL))
          .findFirst()
          .map(l -> ": " + fatalLine(l))
          .orElse("");
    }
  }

  private static final String FATAL = "Fatal Python error: ";

  /**
   * One "Fatal Python error: REASON" line from the line faulthandler printed. When several threads
   * crash at once their reports interleave ({@code Fatal Python error: Fatal Python error:
   * Segmentation faultSegmentation fault}); the reason is then the repeated piece, once.
   */
  static String fatalLine(String line) {
    String rest = line;
    int reports = 0;
    while (rest.startsWith(FATAL)) {
      rest = rest.substring(FATAL.length());
      reports++;
    }
    if (reports > 1 && rest.length() % reports == 0) {
      String piece = rest.substring(0, rest.length() / reports);
      if (piece.repeat(reports).equals(rest)) {
        rest = piece;
      }
    }
    return FATAL + rest.strip();
  }

  private record Dead(ProbeOutcome outcome, String detail, OptionalInt signal) {}

  private static List<String> gilWarningModules(JsonNode deep, ModuleImport m) {
    List<String> names = new ArrayList<>();
    for (JsonNode n : deep.path("modules")) {
      if (n.path("module").asText().equals(m.module())) {
        n.path("gilWarningModules").forEach(g -> names.add(g.asText()));
      }
    }
    return names;
  }

  private static ModuleImport module(JsonNode m, ProbeTarget target) {
    List<String> warnings = new ArrayList<>();
    m.path("warnings")
        .forEach(
            w ->
                warnings.add(
                    w.isTextual()
                        ? w.asText()
                        : w.path("category").asText() + ": " + w.path("message").asText()));
    Optional<String> error = text(m, "error");
    Optional<String> missing = text(m, "missing");
    Optional<ImportFailure> failure = Optional.empty();
    if (!m.path("imported").asBoolean(false)) {
      failure = Optional.of(classify(error.orElse(""), missing, target));
    }
    return new ModuleImport(
        m.path("module").asText(),
        m.path("imported").asBoolean(false),
        error,
        text(m, "message"),
        missing,
        text(m, "traceback"),
        warnings,
        m.path("gilEnabledAfter").asBoolean(false),
        failure);
  }

  /**
   * A {@code ModuleNotFoundError} for a name outside the distribution is a missing dependency; for
   * one of its own names (or a parent package of one), the distribution is broken.
   */
  static ImportFailure classify(String error, Optional<String> missing, ProbeTarget target) {
    if (error.equals("SystemExit")) {
      return ImportFailure.SYSTEM_EXIT;
    }
    if (error.equals("ModuleNotFoundError") && missing.isPresent()) {
      return ownModule(missing.get(), target)
          ? ImportFailure.BROKEN_PACKAGE
          : ImportFailure.MISSING_DEPENDENCY;
    }
    if (error.equals("ImportError") || error.equals("ModuleNotFoundError")) {
      return ImportFailure.BROKEN_PACKAGE;
    }
    return ImportFailure.EXCEPTION;
  }

  private static boolean ownModule(String name, ProbeTarget target) {
    for (String own : target.modules()) {
      if (name.equals(own) || name.startsWith(own + ".") || own.startsWith(name + ".")) {
        return true;
      }
    }
    return false;
  }

  private ProbeResult fromAnswer(JsonNode node, ProbeTarget target) {
    List<ModuleImport> modules = new ArrayList<>();
    Set<String> gilModules = new LinkedHashSet<>();
    for (JsonNode m : node.path("modules")) {
      m.path("gilWarningModules").forEach(w -> gilModules.add(w.asText()));
      modules.add(module(m, target));
    }
    // The -v lines name every offender in load order; the warning only the first. Merge both,
    // -v order first.
    Set<String> ordered = new LinkedHashSet<>();
    node.path("gilModules").forEach(g -> ordered.add(g.asText()));
    ordered.addAll(gilModules);
    boolean before = node.path("gilEnabledBefore").asBoolean(true);
    boolean after = node.path("gilEnabledAfter").asBoolean(true);
    List<String> missingDependencies =
        modules.stream()
            .filter(ModuleImport::missingDependency)
            .map(m -> m.missing().orElseThrow())
            .distinct()
            .toList();

    ProbeOutcome outcome;
    String detail;
    Optional<ModuleImport> exit =
        modules.stream()
            .filter(m -> m.failure().filter(ImportFailure.SYSTEM_EXIT::equals).isPresent())
            .findFirst();
    Optional<ModuleImport> failed = modules.stream().filter(m -> !m.imported()).findFirst();
    if (before) {
      outcome = ProbeOutcome.PROBE_FAILED;
      detail =
          "the GIL was already enabled before any import: the interpreter is not running"
              + " free-threaded, or an earlier distribution in the same process enabled it";
    } else if (exit.isPresent()) {
      outcome = ProbeOutcome.EXIT_AT_IMPORT;
      detail = "import " + exit.get().module() + ": " + exit.get().message().orElse("sys.exit");
    } else if (failed.isPresent()) {
      ModuleImport f = failed.get();
      outcome = ProbeOutcome.IMPORT_ERROR;
      String why =
          f.missingDependency()
              ? " (missing dependency '" + f.missing().orElseThrow() + "')"
              : f.failure().filter(ImportFailure.BROKEN_PACKAGE::equals).isPresent()
                  ? " (broken package)"
                  : "";
      detail =
          "import "
              + f.module()
              + " raised "
              + f.error().orElse("an error")
              + f.message().filter(s -> !s.isBlank()).map(s -> ": " + s).orElse("")
              + why;
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
        "",
        List.of(),
        Duration.ZERO,
        missingDependencies,
        0,
        Optional.empty(),
        Optional.empty(),
        1);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private record Tail(String text, int noise) {}

  /**
   * The last lines of what the imported code printed, without CPython's -v import trace and without
   * noise (deprecation-style warnings and the source line printed under each).
   */
  private static Tail outputTail(Path log, ProcessResult result) {
    List<String> lines = new ArrayList<>();
    // stderr holds only what came before the probe redirected fd 2 (start-up trace, or why the
    // interpreter could not start at all); the log holds everything after.
    lines.addAll(List.of(result.stderr().split("\n")));
    // The log lies in a directory the probe user owns: never follow a link it may have put there.
    if (Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
      try (SeekableByteChannel f =
          Files.newByteChannel(log, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
        long from = Math.max(0, f.size() - 256 * 1024);
        f.position(from);
        ByteBuffer bytes = ByteBuffer.allocate((int) (f.size() - from));
        while (bytes.hasRemaining() && f.read(bytes) > 0) {
          // read up to the size seen
        }
        lines.addAll(
            List.of(
                new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8)
                    .split("\n")));
      } catch (IOException e) {
        lines.add("(probe output unreadable: " + e.getMessage() + ")");
      }
    }
    List<String> kept = new ArrayList<>();
    int noise = 0;
    boolean afterNoiseWarning = false;
    for (String raw : lines) {
      String line = raw.stripTrailing();
      if (isVerboseTrace(line)) {
        continue;
      }
      if (NOISE_WARNING.matcher(line).matches()) {
        noise++;
        afterNoiseWarning = true;
        continue;
      }
      if (afterNoiseWarning && line.startsWith("  ")) {
        noise++; // the source line warnings.showwarning prints under the warning
        continue;
      }
      afterNoiseWarning = false;
      kept.add(line);
    }
    // After a crash, faulthandler's report (one traceback per thread) from its first line on,
    // which names the fault; otherwise the last lines.
    int fatal = -1;
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).startsWith("Fatal Python error")) {
        fatal = i;
        break;
      }
    }
    List<String> tail =
        fatal >= 0
            ? kept.subList(fatal, Math.min(kept.size(), fatal + CRASH_LINES))
            : kept.subList(Math.max(0, kept.size() - TAIL_LINES), kept.size());
    return new Tail(String.join("\n", tail), noise);
  }

  private static boolean isVerboseTrace(String line) {
    String s = line.strip();
    return (s.startsWith("# ") && !s.contains("which requires the GIL"))
        || s.startsWith("import ")
        || s.startsWith("Processing user site-packages")
        || s.startsWith("Processing global site-packages")
        || s.startsWith("Adding directory: ")
        || s.startsWith("Type \"help\", \"copyright\"")
        || s.matches("Python 3\\.\\d+\\.\\d+.* on \\w+")
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
      case 15 -> "SIGTERM";
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
