package dev.nogilscan.scanner.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What every command gets from outside: the environment, home, clock and output streams, so tests
 * can run the CLI in-process without touching the real ones.
 *
 * @param errIsTerminal whether {@code err} is a terminal that can show a progress line
 */
public record Context(
    Map<String, String> environment,
    Path home,
    Clock clock,
    PrintWriter out,
    PrintWriter err,
    boolean errIsTerminal) {
  public Context {
    environment = Map.copyOf(environment);
  }
}
