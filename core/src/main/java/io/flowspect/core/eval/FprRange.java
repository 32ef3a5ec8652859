package io.flowspect.core.eval;

import io.flowspect.core.calibration.ConformalReference;

/**
 * Where the realised false-positive rate of a conformal threshold should fall when the held-out
 * normal images are exchangeable with the calibration images.
 *
 * <p>Why: a threshold calibrated on n images at alpha is right <em>on average</em>, and one
 * evaluation measures it once. With 3,000 calibration and 3,000 held-out images at alpha = 0.01 the
 * realised rate of a correct calibration still lands anywhere from about 0.006 to 0.014 (90%), so a
 * reading of 0.0057 is not by itself a bug, while one of 0.004 is worth a look. Printing the range
 * next to the reading lets an engineer tell the two apart without rerunning with other seeds.
 *
 * <p>The maths: the threshold is the k-th smallest of n calibration scores, k = ceil((n + 1)(1 -
 * alpha)) ({@link io.flowspect.core.calibration.ConformalReference#threshold}). For continuous
 * scores the chance that a new normal image lands above it is Beta(n + 1 - k, k) distributed over
 * calibration draws, so the number of m held-out images above it is beta-binomial (m, n + 1 - k,
 * k). The range is that distribution's central quantiles, divided by m. Tied scores only lower the
 * realised rate (it counts values strictly above the threshold).
 *
 * @param low the lower end, a fraction in [0, 1]
 * @param high the upper end, a fraction in [low, 1]
 * @param level the probability the range holds, in (0, 1)
 */
public record FprRange(double low, double high, double level) {

  /** The level evaluations report: nine readings in ten fall inside. */
  public static final double DEFAULT_LEVEL = 0.9;

  /** Checks the ends. */
  public FprRange {
    if (!(low >= 0 && low <= high && high <= 1)) {
      throw new IllegalArgumentException(
          "need 0 <= low <= high <= 1, got low " + low + ", high " + high);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    }
  }

  /**
   * The central range of the realised false-positive rate.
   *
   * @param calibrationSize n, the number of calibration scores, at least 1
   * @param alpha the target false-positive rate, in (0, 1)
   * @param heldOut m, the number of held-out normal images judged, at least 1
   * @param level the probability the range holds, in (0, 1)
   * @return the range; [0, 0] when n is too small for alpha (the threshold is +infinity)
   */
  public static FprRange of(long calibrationSize, double alpha, int heldOut, double level) {
    if (calibrationSize < 1) {
      throw new IllegalArgumentException(
          "calibrationSize must be at least 1, got " + calibrationSize);
    }
    ConformalReference.requireAlpha(null, alpha);
    if (heldOut < 1) {
      throw new IllegalArgumentException("heldOut must be at least 1, got " + heldOut);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    }
    long k = (long) Math.ceil((calibrationSize + 1) * (1 - alpha) - 1e-9);
    if (k > calibrationSize) {
      return new FprRange(0, 0, level);
    }
    double[] cdf = betaBinomialCdf(heldOut, calibrationSize + 1 - k, k);
    double tail = (1 - level) / 2;
    return new FprRange(
        (double) quantile(cdf, tail) / heldOut, (double) quantile(cdf, 1 - tail) / heldOut, level);
  }

  /**
   * Whether a realised rate lies in the range.
   *
   * @param realised a realised false-positive rate
   * @return true if low <= realised <= high
   */
  public boolean contains(double realised) {
    return realised >= low && realised <= high;
  }

  /**
   * The beta-binomial CDF over 0..m, from the pmf's term ratio in log space (no gamma function,
   * stable for m in the millions): p(x + 1) / p(x) = (m - x)(x + a) / ((x + 1)(m - x - 1 + b)).
   */
  static double[] betaBinomialCdf(int m, double a, double b) {
    double[] log = new double[m + 1];
    double max = 0;
    for (int x = 0; x < m; x++) {
      log[x + 1] = log[x] + Math.log((double) (m - x) * (x + a) / ((x + 1.0) * (m - x - 1 + b)));
      max = Math.max(max, log[x + 1]);
    }
    double[] cdf = new double[m + 1];
    double sum = 0;
    for (int x = 0; x <= m; x++) {
      sum += Math.exp(log[x] - max);
      cdf[x] = sum;
    }
    for (int x = 0; x <= m; x++) {
      cdf[x] /= sum;
    }
    return cdf;
  }

  /** The smallest x with cdf[x] >= p. */
  private static int quantile(double[] cdf, double p) {
    for (int x = 0; x < cdf.length; x++) {
      if (cdf[x] >= p - 1e-12) {
        return x;
      }
    }
    return cdf.length - 1;
  }
}
