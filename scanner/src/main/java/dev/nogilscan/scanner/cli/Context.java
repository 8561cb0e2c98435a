package dev.nogilscan.scanner.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What every command gets from outside: the environment, home, clock and output streams, so tests
 * can run the CLI in-process without touching the real ones.
 */
public record Context(
    Map<String, String> environment, Path home, Clock clock, PrintWriter out, PrintWriter err) {
  public Context {
    environment = Map.copyOf(environment);
  }
}
