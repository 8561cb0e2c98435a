package dev.nogilscan.scanner.progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One status line on a terminal, redrawn in place ({@code \r}, then erase to the end of the line)
 * at most ten times a second and only when it changed, e.g. {@code nogil-scan: assessing 17/120 ·
 * 58 pages · 12.4 MB · 9 s}. Lines given to {@link #println} are printed above it. Closing erases
 * it, so the terminal keeps only what the scan printed on purpose.
 */
public final class TerminalProgress implements Progress {
  private static final String ERASE = "\r\u001b[K";

  private final PrintWriter out;
  private final int columns;
  private final LongSupplier nanos;
  private final long start;
  private final AtomicInteger planned = new AtomicInteger(-1);
  private final AtomicInteger assessed = new AtomicInteger();
  private final AtomicInteger pages = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private volatile String phase;
  private ScheduledExecutorService painter;
  private String shown = "";
  private boolean closed;

  TerminalProgress(PrintWriter out, int columns, LongSupplier nanos) {
    this.out = out;
    this.columns = columns;
    this.nanos = nanos;
    this.start = nanos.getAsLong();
  }

  /** A display on {@code out} that repaints itself every 100 ms until closed. */
  static TerminalProgress start(PrintWriter out, int columns) {
    TerminalProgress p = new TerminalProgress(out, columns, System::nanoTime);
    p.painter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "nogil-scan-progress");
              t.setDaemon(true);
              return t;
            });
    p.painter.scheduleAtFixedRate(p::paint, 0, 100, TimeUnit.MILLISECONDS);
    return p;
  }

  @Override
  public void phase(String name) {
    phase = name;
  }

  @Override
  public void planned(int packages) {
    planned.set(packages);
  }

  @Override
  public void assessed() {
    assessed.incrementAndGet();
  }

  @Override
  public void pageRead() {
    pages.incrementAndGet();
  }

  @Override
  public void downloaded(long n) {
    bytes.addAndGet(n);
  }

  /** The status line as it would be shown now, cut to the terminal's width. */
  String line() {
    StringBuilder s = new StringBuilder("nogil-scan: ").append(phase);
    int total = planned.get();
    if (total >= 0) {
      s.append(' ').append(assessed.get()).append('/').append(total);
    }
    s.append(" · ").append(pages.get()).append(pages.get() == 1 ? " page" : " pages");
    s.append(" · ").append(size(bytes.get()));
    s.append(" · ").append(TimeUnit.NANOSECONDS.toSeconds(nanos.getAsLong() - start)).append(" s");
    return s.length() < columns ? s.toString() : s.substring(0, columns - 1);
  }

  static String size(long n) {
    if (n < 1000) {
      return n + " B";
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    }
    if (n < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
  }

  /** Redraws the line when it changed. */
  void paint() {
    synchronized (out) {
      if (closed || phase == null) {
        return;
      }
      String now = line();
      if (!now.equals(shown)) {
        out.print(ERASE + now);
        out.flush();
        shown = now;
      }
    }
  }

  @Override
  public void println(String text) {
    synchronized (out) {
      if (closed) {
        out.println(text);
      } else {
        out.print(ERASE);
        out.println(text);
        out.print(shown);
      }
      out.flush();
    }
  }

  @Override
  public void close() {
    if (painter != null) {
      painter.shutdownNow();
    }
    synchronized (out) {
      if (!closed) {
        closed = true;
        if (!shown.isEmpty()) {
          out.print(ERASE);
          out.flush();
        }
      }
    }
  }
}
