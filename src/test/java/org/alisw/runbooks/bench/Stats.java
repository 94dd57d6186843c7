package org.alisw.runbooks.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Summary of repeated measurements: every figure in docs/benchmarks.md is a median with its min
 * and max over the runs (issue 14), and latencies also give p50/p99. Percentiles are nearest-rank
 * on the sorted samples (p50 of an even count is the lower middle; {@link #median()} averages the
 * two middles), so p99 of fewer than 100 samples is the maximum, never an interpolated guess.
 */
public record Stats(int count, double min, double median, double max, double p50, double p99) {

  public Stats {
    if (count <= 0) {
      throw new IllegalArgumentException("no samples");
    }
  }

  public static Stats of(Collection<? extends Number> samples) {
    return of(samples.stream().mapToDouble(Number::doubleValue).toArray());
  }

  public static Stats of(double... samples) {
    if (samples == null || samples.length == 0) {
      throw new IllegalArgumentException("Stats of no samples: a benchmark must run at least once");
    }
    double[] s = samples.clone();
    for (double v : s) {
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("sample is not a finite number: " + v);
      }
    }
    Arrays.sort(s);
    int n = s.length;
    double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    return new Stats(n, s[0], median, s[n - 1], percentile(s, 50), percentile(s, 99));
  }

  /** Nearest-rank percentile of already sorted samples: the smallest value with ≥ p % at or below it. */
  static double percentile(double[] sorted, double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** "median (min–max)" with the given number of decimals, as the report tables show it. */
  public String format(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median, min, max);
  }
}
