package dev.nogilscan.interpreter.bench;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Summary of a set of timing samples (seconds). Quartiles use linear interpolation between order
 * statistics (the method of numpy's default and Excel's QUARTILE.INC).
 *
 * @param count number of samples
 * @param median the 50th percentile
 * @param q1 the 25th percentile
 * @param q3 the 75th percentile
 * @param mean arithmetic mean
 * @param stdev sample standard deviation (n - 1); 0 for fewer than two samples
 * @param min smallest sample
 * @param max largest sample
 */
public record Statistics(
    int count,
    double median,
    double q1,
    double q3,
    double mean,
    double stdev,
    double min,
    double max) {

  /** Statistics of no samples: every figure NaN, count 0. */
  public static final Statistics EMPTY =
      new Statistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);

  /** Summarises {@code samples}; {@link #EMPTY} when there are none. */
  public static Statistics of(List<Double> samples) {
    if (samples.isEmpty()) {
      return EMPTY;
    }
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
    double stdev = 0;
    if (sorted.length > 1) {
      double squares = 0;
      for (double v : sorted) {
        squares += (v - mean) * (v - mean);
      }
      stdev = Math.sqrt(squares / (sorted.length - 1));
    }
    return new Statistics(
        sorted.length,
        percentile(sorted, 0.5),
        percentile(sorted, 0.25),
        percentile(sorted, 0.75),
        mean,
        stdev,
        sorted[0],
        sorted[sorted.length - 1]);
  }

  /** The {@code p} quantile (0..1) of ascending {@code sorted}, linearly interpolated. */
  static double percentile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
  }

  /** Interquartile range, q3 - q1. */
  public double iqr() {
    return q3 - q1;
  }

  /** IQR / median: the spread as a fraction of the typical value; NaN without samples. */
  public double relativeSpread() {
    return count == 0 || median == 0 ? Double.NaN : iqr() / median;
  }

  /**
   * The geometric mean of positive finite ratios; empty when there are none. The right mean for
   * ratios: a 2x gain and a 2x loss average to 1x.
   */
  public static OptionalDouble geometricMean(List<Double> ratios) {
    double logSum = 0;
    int n = 0;
    for (double r : ratios) {
      if (r > 0 && Double.isFinite(r)) {
        logSum += Math.log(r);
        n++;
      }
    }
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.exp(logSum / n));
  }
}
