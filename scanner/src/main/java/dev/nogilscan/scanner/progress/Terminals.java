package dev.nogilscan.scanner.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether standard error is a terminal that can redraw a line, and how wide it is. */
public final class Terminals {
  private static final int DEFAULT_COLUMNS = 80;

  private Terminals() {}

  /**
   * True when standard error is a character device of a terminal ({@code /dev/pts/N}, {@code
   * /dev/ttyN}) and {@code TERM} is set and not {@code dumb}. Where {@code /proc} is missing
   * (macOS), the JVM's console stands in: it exists only when standard input and output are a
   * terminal.
   */
  public static boolean stderrIsTerminal(Map<String, String> environment) {
    String term = environment.getOrDefault("TERM", "");
    if (term.isEmpty() || term.equals("dumb")) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(Path.of("/proc/self"))) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(fd).toString());
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  static boolean isTerminalDevice(String path) {
    return path.startsWith("/dev/pts/") || path.matches("/dev/tty[^/]*");
  }

  /** {@code COLUMNS} when it is a sensible width, else 80. */
  static int columns(Map<String, String> environment) {
    try {
      int c = Integer.parseInt(environment.getOrDefault("COLUMNS", "").strip());
      return c >= 20 && c <= 1000 ? c : DEFAULT_COLUMNS;
    } catch (NumberFormatException e) {
      return DEFAULT_COLUMNS;
    }
  }
}
