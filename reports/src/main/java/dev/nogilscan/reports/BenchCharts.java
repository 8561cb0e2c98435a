package dev.nogilscan.reports;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Inline SVG charts of a {@link BenchReport}: no script, no external resource. */
final class BenchCharts {
  private static final int W = 360;
  private static final int H = 220;
  private static final int PAD = 36;

  private BenchCharts() {}

  /** Speedup against threads: free-threaded (solid) and GIL twin (dashed), with ideal scaling. */
  static String curve(BenchReport.Curve c) {
    List<BenchReport.Point> pts = c.points();
    int maxThreads = pts.stream().mapToInt(BenchReport.Point::threads).max().orElse(1);
    double maxY =
        Math.max(
            maxThreads,
            pts.stream()
                .flatMapToDouble(
                    p -> java.util.stream.DoubleStream.of(or0(p.freeThreaded()), or0(p.gil())))
                .max()
                .orElse(1));
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" role=\"img\" aria-label=\"")
        .append(HtmlFormat.esc(c.workload()))
        .append(" speedup\">");
    svg.append("<title>")
        .append(HtmlFormat.esc(c.workload()))
        .append(": speedup over 1 thread</title>");
    axes(svg, "threads", "speedup");
    svg.append(
        line(
            x(1, maxThreads),
            y(1, maxY),
            x(maxThreads, maxThreads),
            y(maxThreads, maxY),
            "#bbb",
            "2,3"));
    svg.append(polyline(pts, maxThreads, maxY, true, "#0969da", ""));
    svg.append(polyline(pts, maxThreads, maxY, false, "#b35900", "6,4"));
    for (BenchReport.Point p : pts) {
      svg.append(
          text(x(p.threads(), maxThreads), H - PAD + 14, Integer.toString(p.threads()), "middle"));
    }
    svg.append(text(PAD - 4, y(maxY, maxY) + 4, fmt(maxY), "end"));
    svg.append(text(W - PAD, PAD - 8, c.workload(), "end"));
    svg.append("</svg>");
    return svg.toString();
  }

  /** GIL / free-threaded time per single-threaded workload, one bar each, 1.0 marked. */
  static String ratios(List<BenchReport.Row> rows) {
    List<BenchReport.Row> single =
        rows.stream().filter(r -> r.threads() == 1 && r.ratio().isPresent()).toList();
    int h = PAD + 18 * single.size() + 10;
    double max =
        Math.max(1.2, single.stream().mapToDouble(r -> r.ratio().getAsDouble()).max().orElse(1));
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(W + 140)
        .append(' ')
        .append(h)
        .append("\" width=\"")
        .append(W + 140)
        .append("\" height=\"")
        .append(h)
        .append("\" role=\"img\" aria-label=\"single-threaded ratios\">");
    svg.append(
        "<title>GIL time / free-threaded time per workload (above 1: free-threaded faster)</title>");
    int left = 130;
    double scale = (W - 20) / max;
    for (int i = 0; i < single.size(); i++) {
      BenchReport.Row r = single.get(i);
      double v = r.ratio().getAsDouble();
      int top = PAD / 2 + 18 * i;
      svg.append(text(left - 6, top + 12, r.workload(), "end"));
      svg.append("<rect x=\"")
          .append(left)
          .append("\" y=\"")
          .append(top)
          .append("\" width=\"")
          .append(fmt(v * scale))
          .append("\" height=\"14\" fill=\"")
          .append(v >= 1 ? "#1a7f37" : "#cf222e")
          .append("\"")
          .append(r.noisy() ? " fill-opacity=\"0.45\"" : "")
          .append("/>");
      svg.append(
          text(
              (int) (left + v * scale) + 4,
              top + 12,
              fmt(v) + (r.noisy() ? " ?" : "") + (r.gilReenabledBy().isEmpty() ? "" : " GIL on"),
              "start"));
    }
    int one = (int) (left + scale);
    svg.append(line(one, PAD / 2 - 4, one, h - 8, "#57606a", "3,3"));
    svg.append("</svg>");
    return svg.toString();
  }

  private static void axes(StringBuilder svg, String xLabel, String yLabel) {
    svg.append(line(PAD, H - PAD, W - PAD, H - PAD, "#57606a", ""));
    svg.append(line(PAD, PAD, PAD, H - PAD, "#57606a", ""));
    svg.append(text(W / 2, H - 4, xLabel, "middle"));
    svg.append(text(10, PAD - 12, yLabel, "start"));
  }

  private static String polyline(
      List<BenchReport.Point> pts, int maxT, double maxY, boolean ft, String color, String dash) {
    StringBuilder p = new StringBuilder();
    for (BenchReport.Point pt : pts) {
      OptionalDouble v = ft ? pt.freeThreaded() : pt.gil();
      if (v.isPresent()) {
        p.append(x(pt.threads(), maxT)).append(',').append(y(v.getAsDouble(), maxY)).append(' ');
      }
    }
    return "<polyline fill=\"none\" stroke=\""
        + color
        + "\" stroke-width=\"2\""
        + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"")
        + " points=\""
        + p.toString().strip()
        + "\"/>";
  }

  private static int x(int threads, int maxThreads) {
    return maxThreads <= 1
        ? PAD
        : PAD + (int) Math.round((threads - 1) * (W - 2.0 * PAD) / (maxThreads - 1));
  }

  private static int y(double v, double maxY) {
    return H - PAD - (int) Math.round(v * (H - 2.0 * PAD) / maxY);
  }

  private static String line(int x1, int y1, int x2, int y2, String color, String dash) {
    return "<line x1=\""
        + x1
        + "\" y1=\""
        + y1
        + "\" x2=\""
        + x2
        + "\" y2=\""
        + y2
        + "\" stroke=\""
        + color
        + "\""
        + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"")
        + "/>";
  }

  private static String text(int x, int y, String s, String anchor) {
    return "<text x=\""
        + x
        + "\" y=\""
        + y
        + "\" font-size=\"11\" text-anchor=\""
        + anchor
        + "\">"
        + HtmlFormat.esc(s)
        + "</text>";
  }

  private static double or0(OptionalDouble d) {
    return d.orElse(0);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A median time: four decimals, since a quick run's samples last a few milliseconds. */
  static String seconds(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "failed";
  }
}
