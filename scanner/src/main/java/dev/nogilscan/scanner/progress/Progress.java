package dev.nogilscan.scanner.progress;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What a scan tells the person watching it while it runs: the phase, packages assessed of those
 * planned, index pages read and bytes downloaded. Shown as one line that repaints itself on a
 * terminal ({@link TerminalProgress}); elsewhere (a pipe, a CI log, {@code --quiet}) nothing of it
 * is printed, and only whole lines given to {@link #println} reach the stream. Thread safe.
 */
public interface Progress extends AutoCloseable {
  /** A phase begins, e.g. {@code resolving} or {@code assessing}. */
  void phase(String name);

  /** The number of packages the assessing phase will report on. */
  void planned(int packages);

  /** One more package assessed. */
  void assessed();

  /** One more index page or metadata file read from the index (or its HTTP cache). */
  void pageRead();

  /** Bytes of an archive downloaded. */
  void downloaded(long bytes);

  /** A whole line for the stream (e.g. {@code --verbose} output), never garbled by the display. */
  void println(String line);

  /** Removes the display; later calls print nothing. */
  @Override
  void close();

  /**
   * The display for {@code err}: a {@link TerminalProgress} when it is a terminal that can redraw a
   * line ({@link Terminals#stderrIsTerminal}) and {@code quiet} is off, else one that only passes
   * whole lines on.
   */
  static Progress forStream(
      PrintWriter err, boolean isTerminal, boolean quiet, Map<String, String> environment) {
    if (!quiet && isTerminal) {
      return TerminalProgress.start(err, Terminals.columns(environment));
    }
    return new LinesOnly(err);
  }

  /** Passes whole lines on and shows nothing else. */
  final class LinesOnly implements Progress {
    private final PrintWriter out;

    public LinesOnly(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void phase(String name) {}

    @Override
    public void planned(int packages) {}

    @Override
    public void assessed() {}

    @Override
    public void pageRead() {}

    @Override
    public void downloaded(long bytes) {}

    @Override
    public void println(String line) {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }

    @Override
    public void close() {}
  }
}
