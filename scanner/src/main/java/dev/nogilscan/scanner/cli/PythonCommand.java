package dev.nogilscan.scanner.cli;

import dev.nogilscan.interpreter.InterpreterDiscovery;
import dev.nogilscan.interpreter.InterpreterInspector;
import dev.nogilscan.interpreter.LocatorContext;
import dev.nogilscan.interpreter.PythonInterpreter;
import dev.nogilscan.interpreter.process.ProcessRunner;
import dev.nogilscan.interpreter.provision.InstallRequest;
import dev.nogilscan.interpreter.provision.Installed;
import dev.nogilscan.interpreter.provision.PythonProvisioner;
import dev.nogilscan.scanner.cache.CacheDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nogil-scan python list|install}: the interpreters the tool finds or provisions. */
@Command(
    name = "python",
    mixinStandardHelpOptions = true,
    description = "Find or provision a free-threaded CPython.",
    subcommands = {PythonCommand.ListCommand.class, PythonCommand.InstallCommand.class})
final class PythonCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static LocatorContext locatorContext(
      Context context, Optional<Path> python, Optional<Path> cacheDir) {
    CacheDirectory cache = CacheDirectory.resolve(cacheDir, context.environment(), context.home());
    return new LocatorContext(python, context.environment(), context.home(), cache.root());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Show the interpreters found and which are free-threaded.")
  static final class ListCommand implements Callable<Integer> {
    private final Context context;

    @Option(names = "--python", paramLabel = "PATH", description = "Also check this interpreter.")
    Path python;

    @Option(
        names = "--cache-dir",
        paramLabel = "DIR",
        description =
            "Cache directory (default: $XDG_CACHE_HOME/nogil-scan or ~/.cache/nogil-scan).")
    Path cacheDir;

    ListCommand(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      InterpreterDiscovery discovery =
          new InterpreterDiscovery(new InterpreterInspector(new ProcessRunner()));
      List<InterpreterDiscovery.Found> found =
          discovery.discover(
              locatorContext(context, Optional.ofNullable(python), Optional.ofNullable(cacheDir)));
      if (found.isEmpty()) {
        context
            .out()
            .println(
                "No Python interpreter found. Run 'nogil-scan python install' to build a free-threaded CPython.");
        return ExitCode.OK.code();
      }
      context
          .out()
          .printf("%-4s %-10s %-18s %-12s %s%n", "", "version", "build", "found via", "path");
      boolean anyFreeThreaded = false;
      for (InterpreterDiscovery.Found f : found) {
        if (f.interpreter().isPresent()) {
          PythonInterpreter p = f.interpreter().get();
          anyFreeThreaded |= p.freeThreaded();
          context
              .out()
              .printf(
                  "%-4s %-10s %-18s %-12s %s%n",
                  p.freeThreaded() ? "*" : "",
                  p.version(),
                  p.freeThreaded() ? "free-threaded" : "GIL",
                  f.source(),
                  f.path());
        } else {
          context
              .out()
              .printf(
                  "%-4s %-10s %-18s %-12s %s (%s)%n",
                  "!", "?", "unusable", f.source(), f.path(), f.problem());
        }
      }
      context
          .out()
          .println(
              anyFreeThreaded
                  ? "* = free-threaded (Py_GIL_DISABLED=1): usable for import probes"
                  : "No free-threaded interpreter found. Run 'nogil-scan python install'.");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Build CPython with --disable-gil (and its GIL twin) into the cache directory.",
        "Source: --source, else https://www.python.org/ftp/python/, else (on Debian) 'apt-get source pythonX.Y'."
      })
  static final class InstallCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(
        index = "0",
        arity = "0..1",
        paramLabel = "VERSION",
        description = "3.13 (default) or a full version such as 3.13.5.")
    String version = "3.13";

    @Option(
        names = "--source",
        paramLabel = "FILE|URL",
        description = "A CPython source tarball (Python-X.Y.Z.tar.xz) or its URL.")
    String source;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache directory.")
    Path cacheDir;

    @Option(
        names = "--jobs",
        paramLabel = "N",
        description = "Parallel compile jobs (default: number of CPUs).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(
        names = "--no-gil-twin",
        description = "Do not build the GIL twin (only needed for benchmarks).")
    boolean noGilTwin;

    InstallCommand(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (!version.matches("3\\.\\d+(\\.\\d+)?")) {
        throw new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this),
            "VERSION: expected 3.X or 3.X.Y but found '" + version + "'");
      }
      CacheDirectory cache =
          CacheDirectory.resolve(
              Optional.ofNullable(cacheDir), context.environment(), context.home());
      PythonProvisioner provisioner =
          new PythonProvisioner(new ProcessRunner(), context.environment());
      Installed installed =
          provisioner.install(
              new InstallRequest(
                  version, Optional.ofNullable(source), cache.root(), jobs, !noGilTwin),
              line -> {
                context.err().println("nogil-scan: " + line);
                context.err().flush();
              });
      context.out().println("free-threaded: " + installed.freeThreaded());
      installed.gilTwin().ifPresent(g -> context.out().println("GIL twin:      " + g));
      return ExitCode.OK.code();
    }
  }
}
