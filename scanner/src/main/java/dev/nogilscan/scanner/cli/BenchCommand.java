package dev.nogilscan.scanner.cli;

import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.PythonException;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.bench.BenchJson;
import dev.nogilscan.interpreter.bench.BenchPlan;
import dev.nogilscan.interpreter.bench.BenchResult;
import dev.nogilscan.interpreter.bench.BenchRunner;
import dev.nogilscan.interpreter.bench.BenchSummary;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.provision.InstallRequest;
import dev.nogilscan.interpreter.provision.Installed;
import dev.nogilscan.interpreter.provision.PythonProvisioner;
import dev.nogilscan.scanner.cache.CacheDirectory;
import dev.nogilscan.scanner.input.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nogil-scan bench}: the project's workload suite on a free-threaded CPython and its GIL
 * twin, alternating, with the ratio, spread and scaling of every workload.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure what free-threaded CPython buys: the suite (10 single-threaded classics, 8"
          + " multi-threaded workloads at 1, 2, 4 ... N threads) on the free-threaded build and"
          + " its GIL twin, alternating, with warm-ups and repetitions.",
      "Default interpreters: the provisioned free-threaded CPython and its GIL twin"
          + " ('nogil-scan python install')."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:benchmark completed",
      "1:benchmark completed, but the GIL was re-enabled in a free-threaded run",
      "2:usage or input error",
      "3:environment error (interpreter missing, not free-threaded, no GIL twin)",
      "4:internal error"
    })
final class BenchCommand implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--python",
      paramLabel = "PATH",
      description = "The free-threaded interpreter (default: the provisioned one).")
  Path python;

  @Option(
      names = "--baseline-python",
      paramLabel = "PATH",
      description =
          "The GIL build to compare with (default: the GIL twin of the same version, provisioned"
              + " or beside --python).")
  Path baselinePython;

  @ArgGroup(exclusive = true)
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--quick", description = "About a minute on two cores (default).")
    boolean quick;

    @Option(names = "--full", description = "About ten minutes on two cores, 15 samples a cell.")
    boolean full;
  }

  @Option(
      names = "--max-threads",
      paramLabel = "N",
      description = "Largest thread count of the multi-threaded workloads (default: CPUs).")
  int maxThreads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--bench-script",
      paramLabel = "FILE",
      description = "Also time your own script, run as __main__, the same way.")
  Path benchScript;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write the result with every raw sample as JSON.")
  Path json;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the summary table to FILE instead of standard output.")
  Path output;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache directory.")
  Path cacheDir;

  BenchCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (maxThreads < 1 || maxThreads > 256) {
      throw new InputException(
          "--max-threads: expected a number from 1 to 256 but found " + maxThreads);
    }
    if (benchScript != null) {
      BenchRunner.checkScript(benchScript)
          .ifPresent(
              problem -> {
                throw new InputException("--bench-script: " + problem);
              });
    }
    BenchPlan plan = mode.full ? BenchPlan.full(maxThreads) : BenchPlan.quick(maxThreads);
    if (benchScript != null) {
      plan = plan.withUserScript(benchScript.toAbsolutePath().normalize());
    }
    ProcessRunner runner = new ProcessRunner();
    CacheDirectory cache =
        CacheDirectory.resolve(
            Optional.ofNullable(cacheDir), context.environment(), context.home());
    Pair pair = pair(runner, context.environment(), python, baselinePython, cache);
    PythonInterpreter ft = pair.freeThreaded();
    PythonInterpreter gil = pair.gil();
    context
        .err()
        .printf(
            "nogil-scan: bench (%s): %s%nnogil-scan: baseline: %s%n",
            plan.name(), ft.describe(), gil.describe());
    context.err().flush();
    BenchResult result =
        new BenchRunner(runner, context.clock())
            .run(
                ft,
                gil,
                plan,
                line -> {
                  context.err().println("nogil-scan: " + line);
                  context.err().flush();
                });
    String summary = BenchSummary.render(result);
    if (output != null) {
      write(output, summary);
      context.err().println("nogil-scan: summary written to " + output);
    } else {
      context.out().print(summary);
    }
    if (json != null) {
      BenchJson.write(result, json);
      context.err().println("nogil-scan: JSON written to " + json);
    }
    return result.gilStayedOff() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
  }

  /**
   * The free-threaded interpreter and its GIL twin to compare: {@code --python} (must be
   * free-threaded) else the provisioned one; {@code --baseline-python} else the twin of the same
   * version (provisioned, or beside {@code --python}).
   *
   * @throws PythonException when either is missing or the wrong kind of build
   */
  /** A free-threaded interpreter and the GIL build it is compared with. */
  record Pair(PythonInterpreter freeThreaded, PythonInterpreter gil) {}

  static Pair pair(
      ProcessRunner runner,
      java.util.Map<String, String> environment,
      Path python,
      Path baselinePython,
      CacheDirectory cache) {
    InterpreterInspector inspector = new InterpreterInspector(runner);
    PythonInterpreter ft;
    PythonInterpreter gil;
    if (python == null) {
      Installed installed =
          new PythonProvisioner(runner, environment)
              .existing(new InstallRequest("3", Optional.empty(), cache.root(), 1, true))
              .orElseThrow(
                  () ->
                      new PythonException(
                          "no provisioned free-threaded CPython with its GIL twin in "
                              + cache.root().resolve("python")
                              + ": run 'nogil-scan python install', or pass --python and"
                              + " --baseline-python"));
      ft = inspector.inspect(installed.freeThreaded(), "provisioned");
      gil =
          baselinePython != null
              ? inspector.inspect(baselinePython, "--baseline-python")
              : inspector.inspect(installed.gilTwin().orElseThrow(), "provisioned");
    } else {
      ft = inspector.inspect(python, "--python");
      if (!ft.freeThreaded()) {
        throw new PythonException(
            "--python: expected a free-threaded build (Py_GIL_DISABLED=1) but "
                + ft.describe()
                + " is not; the GIL build goes to --baseline-python");
      }
      gil =
          baselinePython != null
              ? inspector.inspect(baselinePython, "--baseline-python")
              : inspector.inspect(twinOf(ft, cache.root()), "GIL twin of --python");
    }
    return new Pair(ft, gil);
  }

  /**
   * The GIL build of the same version as {@code ft}: the provisioned twin when there is one, else
   * {@code pythonX.Y} beside {@code pythonX.Yt}.
   */
  private static Path twinOf(PythonInterpreter ft, Path cacheRoot) {
    Path provisioned =
        PythonProvisioner.executable(
            PythonProvisioner.installDir(cacheRoot, ft.version(), false), ft.version(), false);
    if (Files.isExecutable(provisioned)) {
      return provisioned;
    }
    // A provisioned install of ours, wherever its cache is: cpython-X.Y.Zt beside cpython-X.Y.Z.
    Path install = ft.executable().toAbsolutePath().getParent().getParent();
    if (install != null && install.getFileName().toString().matches("cpython-[0-9.]+t")) {
      Path twinDir =
          install.resolveSibling(install.getFileName().toString().replaceFirst("t$", ""));
      Path twin = PythonProvisioner.executable(twinDir, ft.version(), false);
      if (Files.isRegularFile(twinDir.resolve(PythonProvisioner.MARKER))
          && Files.isExecutable(twin)) {
        return twin;
      }
    }
    Path dir = ft.executable().toAbsolutePath().getParent();
    Path sibling = dir == null ? null : dir.resolve("python" + ft.minorVersion());
    if (sibling != null && Files.isExecutable(sibling)) {
      return sibling;
    }
    throw new PythonException(
        "no GIL twin of "
            + ft.describe()
            + ": expected "
            + provisioned
            + (sibling != null ? " or " + sibling : "")
            + "; pass --baseline-python");
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
