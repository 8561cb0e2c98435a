package dev.nogilscan.scanner.cli;

import dev.nogilscan.interpreter.PythonException;
import dev.nogilscan.scanner.index.IndexException;
import dev.nogilscan.scanner.input.InputException;
import dev.nogilscan.scanner.progress.Terminals;
import dev.nogilscan.scanner.resolve.ResolutionException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import picocli.CommandLine;

/** The command-line entry point: one line around the testable {@link #run}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Map<String, String> environment = System.getenv();
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8),
            environment,
            Path.of(System.getProperty("user.home")),
            Terminals.stderrIsTerminal(environment)));
  }

  /**
   * Runs the CLI.
   *
   * @param environment the process environment (injected so tests control it)
   * @return the exit code (see {@link ExitCode})
   */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment, Path home) {
    return run(args, out, err, environment, home, false);
  }

  /**
   * Runs the CLI.
   *
   * @param errIsTerminal whether {@code err} is a terminal (progress is shown only there)
   */
  public static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> environment,
      Path home,
      boolean errIsTerminal) {
    Context context = new Context(environment, home, clock(environment), out, err, errIsTerminal);
    CommandLine cli = NogilScanCommand.commandLine(args, new ContextFactory(context));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(Main::exitCode);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          ExitCode code = classify(e);
          String message = e.getMessage() == null ? e.toString() : e.getMessage();
          if (code == ExitCode.INTERNAL) {
            commandLine.getErr().println("nogil-scan: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
          } else {
            commandLine.getErr().println("nogil-scan: " + message);
          }
          commandLine.getErr().flush();
          return code.code();
        });
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          CommandLine c = e.getCommandLine();
          c.getErr().println("nogil-scan: " + e.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
          c.getErr().flush();
          return ExitCode.USAGE.code();
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static int exitCode(Throwable e) {
    return classify(e).code();
  }

  static ExitCode classify(Throwable e) {
    if (e instanceof InputException
        || e instanceof ResolutionException
        || e instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE;
    }
    if (e instanceof IndexException
        || e instanceof PythonException
        || e instanceof UncheckedIOException) {
      return ExitCode.ENVIRONMENT;
    }
    return ExitCode.INTERNAL;
  }

  /** {@code SOURCE_DATE_EPOCH} (reproducible-builds.org) fixes the report date when set. */
  static Clock clock(Map<String, String> environment) {
    String epoch = environment.get("SOURCE_DATE_EPOCH");
    if (epoch != null && epoch.matches("\\d{1,12}")) {
      return Clock.fixed(Instant.ofEpochSecond(Long.parseLong(epoch)), ZoneOffset.UTC);
    }
    return Clock.systemUTC();
  }
}
