package dev.nogilscan.scanner.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
  private static final String ERASE = "\r\u001b[K";
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);
  private final AtomicLong now = new AtomicLong();

  @Test
  void theLineCountsPackagesPagesAndBytesAndIsRedrawnOnlyWhenItChanges() {
    TerminalProgress p = new TerminalProgress(out, 80, now::get);
    p.phase("resolving");
    p.pageRead();
    p.downloaded(1500);
    p.paint();
    assertThat(text.toString()).isEqualTo(ERASE + "nogil-scan: resolving · 1 page · 1.5 kB · 0 s");
    p.paint();
    assertThat(text.toString()).isEqualTo(ERASE + "nogil-scan: resolving · 1 page · 1.5 kB · 0 s");

    p.planned(3);
    p.phase("assessing");
    p.assessed();
    p.pageRead();
    p.downloaded(2_400_000);
    now.set(TimeUnit.SECONDS.toNanos(7));
    p.paint();
    assertThat(text.toString())
        .endsWith(ERASE + "nogil-scan: assessing 1/3 · 2 pages · 2.4 MB · 7 s");
  }

  @Test
  void wholeLinesArePrintedAboveTheDisplayAndClosingErasesIt() {
    TerminalProgress p = new TerminalProgress(out, 80, now::get);
    p.paint();
    assertThat(text.toString()).as("nothing is drawn before a phase begins").isEmpty();
    p.phase("assessing");
    p.paint();
    p.println("  numpy 2.1.0: compatible");
    p.close();
    p.paint();
    p.println("after");
    String shown = "nogil-scan: assessing · 0 pages · 0 B · 0 s";
    assertThat(text.toString())
        .isEqualTo(
            ERASE
                + shown
                + ERASE
                + "  numpy 2.1.0: compatible"
                + System.lineSeparator()
                + shown
                + ERASE
                + "after"
                + System.lineSeparator());
  }

  @Test
  void theLineIsCutToTheTerminalWidth() {
    TerminalProgress p = new TerminalProgress(out, 20, now::get);
    p.phase("assessing");
    assertThat(p.line()).hasSize(19).isEqualTo("nogil-scan: assessi");
  }

  @Test
  void sizesReadLikeAHumanWouldWriteThem() {
    assertThat(TerminalProgress.size(999)).isEqualTo("999 B");
    assertThat(TerminalProgress.size(12_345)).isEqualTo("12.3 kB");
    assertThat(TerminalProgress.size(104_857_600)).isEqualTo("104.9 MB");
    assertThat(TerminalProgress.size(3_000_000_000L)).isEqualTo("3.00 GB");
  }

  @Test
  void offATerminalOrWhenQuietOnlyWholeLinesAreWritten() {
    for (boolean[] c : new boolean[][] {{false, false}, {true, true}}) {
      StringWriter w = new StringWriter();
      try (Progress p = Progress.forStream(new PrintWriter(w), c[0], c[1], Map.of())) {
        assertThat(p).isInstanceOf(Progress.LinesOnly.class);
        p.phase("resolving");
        p.pageRead();
        p.downloaded(10);
        p.println("a line");
      }
      assertThat(w.toString()).isEqualTo("a line" + System.lineSeparator());
    }
  }

  @Test
  void terminalsAreTheDevicesThatCanRedrawALine() {
    assertThat(Terminals.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Terminals.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(Terminals.isTerminalDevice("pipe:[12345]")).isFalse();
    assertThat(Terminals.isTerminalDevice("/dev/null")).isFalse();
    assertThat(Terminals.isTerminalDevice("/tmp/log.txt")).isFalse();
    assertThat(Terminals.stderrIsTerminal(Map.of("TERM", "dumb"))).isFalse();
    assertThat(Terminals.stderrIsTerminal(Map.of())).isFalse();
    assertThat(Terminals.columns(Map.of("COLUMNS", "132"))).isEqualTo(132);
    assertThat(Terminals.columns(Map.of("COLUMNS", "wide"))).isEqualTo(80);
    assertThat(Terminals.columns(Map.of("COLUMNS", "3"))).isEqualTo(80);
  }
}
