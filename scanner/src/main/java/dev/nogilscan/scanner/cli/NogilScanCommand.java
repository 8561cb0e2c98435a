package dev.nogilscan.scanner.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level command; the work is in its subcommands, added by {@link #commandLine} rather than
 * named in the annotation, so that a run builds the model of the one it runs only.
 */
@Command(
    name = "nogil-scan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Checks Python dependencies for free-threaded CPython (3.13t/3.14t/3.15t).")
final class NogilScanCommand implements Runnable {
  /** The subcommands, in the order help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ScanCommand.class,
          PythonCommand.class,
          CacheCommand.class,
          BenchCommand.class,
          DbCommand.class,
          SchemaCommand.class);

  /**
   * The command line for {@code args}: with only the subcommand {@code args[0]} names when it names
   * one (picocli reads every option of every command it is given, by reflection: a tenth of a
   * second of each start), else with all of them, for help and for picocli's own errors.
   */
  static CommandLine commandLine(String[] args, CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new NogilScanCommand(), factory);
    List<Class<?>> wanted =
        SUBCOMMANDS.stream()
            .filter(c -> args.length > 0 && names(c).contains(args[0]))
            .findFirst()
            .<List<Class<?>>>map(List::of)
            .orElse(SUBCOMMANDS);
    for (Class<?> c : wanted) {
      cli.addSubcommand(new CommandLine(c, factory));
    }
    return cli;
  }

  private static List<String> names(Class<?> command) {
    Command a = command.getAnnotation(Command.class);
    List<String> out = new ArrayList<>(List.of(a.aliases()));
    out.add(a.name());
    return out;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
