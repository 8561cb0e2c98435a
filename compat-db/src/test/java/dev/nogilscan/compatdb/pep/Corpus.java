package dev.nogilscan.compatdb.pep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the gzip'd TSV files written by {@code src/test/python/generate_pep_corpus.py}. */
final class Corpus {
  private Corpus() {}

  static List<String[]> read(String name) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream raw = Corpus.class.getResourceAsStream("/pep/" + name)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource /pep/" + name);
      }
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8), 1 << 16);
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        for (int i = 0; i < f.length; i++) {
          f[i] = unescape(f[i]);
        }
        rows.add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Collects disagreements and fails with the first few of them. */
  static final class Mismatches {
    private final String what;
    private final List<String> items = new ArrayList<>();
    private int cases;

    Mismatches(String what) {
      this.what = what;
    }

    void check(boolean ok, String description) {
      cases++;
      if (!ok) {
        items.add(description);
      }
    }

    void assertNone() {
      System.out.printf("differential %s: %d cases, %d disagreements%n", what, cases, items.size());
      if (!items.isEmpty()) {
        StringBuilder sb = new StringBuilder();
        sb.append(items.size()).append(" of ").append(cases).append(' ').append(what);
        sb.append(" disagree with pypa/packaging, e.g.:\n");
        items.stream().limit(40).forEach(s -> sb.append("  ").append(s).append('\n'));
        throw new AssertionError(sb.toString());
      }
    }
  }
}
