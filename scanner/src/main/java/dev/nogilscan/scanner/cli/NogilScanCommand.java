package dev.nogilscan.scanner.cli;

import picocli.CommandLine.Command;

/** The top-level command; the work is in its subcommands. */
@Command(
    name = "nogil-scan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Checks Python dependencies for free-threaded CPython (3.13t/3.14t/3.15t).",
    subcommands = {
      ScanCommand.class,
      PythonCommand.class,
      CacheCommand.class,
      BenchCommand.class,
      DbCommand.class,
      SchemaCommand.class
    })
final class NogilScanCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
