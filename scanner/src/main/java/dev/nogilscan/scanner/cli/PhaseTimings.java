package dev.nogilscan.scanner.cli;

import dev.nogilscan.compatdb.pep.PackageName;
import dev.nogilscan.scanner.archive.ArchiveException;
import dev.nogilscan.scanner.archive.ArchiveInspector;
import dev.nogilscan.scanner.archive.Inspection;
import dev.nogilscan.scanner.assess.PhaseListener;
import dev.nogilscan.scanner.index.DistributionFile;
import dev.nogilscan.scanner.index.PackageIndex;
import dev.nogilscan.scanner.index.ProjectPage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Wall time per phase of one scan, for {@code scan --timings} (stderr only, never in reports). A
 * phase's time is how long at least one thread was in it: work done by several threads at once
 * counts once, so phases that overlap (index requests inside resolution, downloads beside
 * inspections) each show their own wall time. Thread safe.
 */
final class PhaseTimings implements PhaseListener {
  /** The phases, in the order they are printed. */
  enum Phase {
    INPUTS("read inputs"),
    RESOLVE("resolve"),
    INDEX("index+metadata"),
    ASSESS("assess"),
    DOWNLOAD("download"),
    INSPECT("inspect"),
    PROBE("probe"),
    REPORT("report");

    final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  private static final class Clock {
    int active;
    long since;
    long total;
    long count;
  }

  private final LongSupplier nanos;
  private final long start;
  private final Map<Phase, Clock> clocks = new EnumMap<>(Phase.class);
  private final AtomicLong pages = new AtomicLong();
  private final AtomicLong metadataFiles = new AtomicLong();
  private final AtomicLong downloadedBytes = new AtomicLong();

  PhaseTimings(LongSupplier nanos) {
    this.nanos = nanos;
    this.start = nanos.getAsLong();
    for (Phase p : Phase.values()) {
      clocks.put(p, new Clock());
    }
  }

  void begin(Phase phase) {
    Clock c = clocks.get(phase);
    synchronized (c) {
      if (c.active++ == 0) {
        c.since = nanos.getAsLong();
      }
      c.count++;
    }
  }

  void end(Phase phase) {
    Clock c = clocks.get(phase);
    synchronized (c) {
      if (--c.active == 0) {
        c.total += nanos.getAsLong() - c.since;
      }
    }
  }

  @Override
  public void started(String phase) {
    begin(phaseOf(phase));
  }

  @Override
  public void ended(String phase) {
    end(phaseOf(phase));
  }

  private static Phase phaseOf(String name) {
    return switch (name) {
      case PhaseListener.PREPARE -> Phase.ASSESS;
      case PhaseListener.PROBE -> Phase.PROBE;
      default -> throw new IllegalArgumentException("unknown phase " + name);
    };
  }

  /** The index, timing page and metadata requests as {@code index+metadata}, bodies as download. */
  PackageIndex index(PackageIndex delegate) {
    return new PackageIndex() {
      @Override
      public Optional<ProjectPage> project(PackageName name) throws IOException {
        begin(Phase.INDEX);
        try {
          pages.incrementAndGet();
          return delegate.project(name);
        } finally {
          end(Phase.INDEX);
        }
      }

      @Override
      public Optional<String> metadata(DistributionFile file) throws IOException {
        begin(Phase.INDEX);
        try {
          Optional<String> text = delegate.metadata(file);
          text.ifPresent(t -> metadataFiles.incrementAndGet());
          return text;
        } finally {
          end(Phase.INDEX);
        }
      }

      @Override
      public InputStream open(DistributionFile file) throws IOException {
        begin(Phase.DOWNLOAD);
        InputStream in;
        try {
          in = delegate.open(file);
        } catch (IOException | RuntimeException e) {
          end(Phase.DOWNLOAD);
          throw e;
        }
        return new FilterInputStream(in) {
          private boolean closed;

          @Override
          public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
              downloadedBytes.incrementAndGet();
            }
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
              downloadedBytes.addAndGet(n);
            }
            return n;
          }

          @Override
          public void close() throws IOException {
            try {
              super.close();
            } finally {
              if (!closed) {
                closed = true;
                end(Phase.DOWNLOAD);
              }
            }
          }
        };
      }

      @Override
      public String describe() {
        return delegate.describe();
      }
    };
  }

  /** The inspector, timing its work as {@code inspect}. */
  ArchiveInspector inspector(ArchiveInspector delegate) {
    return new ArchiveInspector() {
      @Override
      public boolean accepts(String filename) {
        return delegate.accepts(filename);
      }

      @Override
      public Inspection inspect(Path archive, String filename) throws ArchiveException {
        begin(Phase.INSPECT);
        try {
          return delegate.inspect(archive, filename);
        } finally {
          end(Phase.INSPECT);
        }
      }

      @Override
      public String settings() {
        return delegate.settings();
      }
    };
  }

  /** One line per phase, {@code nogil-scan: time PHASE MS ms (DETAIL)}, then the total. */
  List<String> render() {
    long now = nanos.getAsLong();
    List<String> lines = new ArrayList<>();
    for (Phase p : Phase.values()) {
      Clock c = clocks.get(p);
      long total;
      long count;
      synchronized (c) {
        total = c.total + (c.active > 0 ? now - c.since : 0);
        count = c.count;
      }
      String detail =
          switch (p) {
            case INDEX ->
                " (" + pages.get() + " pages, " + metadataFiles.get() + " metadata files)";
            case DOWNLOAD -> " (" + count + " archives, " + downloadedBytes.get() + " bytes)";
            case INSPECT -> " (" + count + " archives)";
            default -> "";
          };
      lines.add(line(p.label, total, detail));
    }
    lines.add(line("total", now - start, ""));
    return lines;
  }

  private static String line(String label, long nanos, String detail) {
    return String.format(
        Locale.ROOT, "nogil-scan: time %s %d ms%s", label, Math.round(nanos / 1e6), detail);
  }
}
