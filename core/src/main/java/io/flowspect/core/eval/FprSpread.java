package io.flowspect.core.eval;

import java.util.Arrays;

/**
 * The realised false-positive rate of one decision score over repeated random re-splits of the same
 * normal images into a calibration half and a judged half.
 *
 * <p>Why: one split gives one reading, and at alpha = 0.01 that reading swings by a third either
 * way from split to split (a heavy-tailed score puts only a dozen images between the 98th and 99th
 * percentile). Re-splitting costs no model passes, since the images are scored once, and its mean
 * is the number to hold a calibration to.
 *
 * @param mean the mean realised rate over the splits; NaN when there were none
 * @param low the 5th percentile of the readings; NaN when there were none
 * @param high the 95th percentile of the readings; NaN when there were none
 * @param splits how many splits were measured; 0 when re-splitting was off
 */
public record FprSpread(double mean, double low, double high, int splits) {

  /** Checks the count. */
  public FprSpread {
    if (splits < 0) {
      throw new IllegalArgumentException("splits must be >= 0, got " + splits);
    }
  }

  /**
   * No re-splits were measured.
   *
   * @return a spread of 0 splits
   */
  public static FprSpread none() {
    return new FprSpread(Double.NaN, Double.NaN, Double.NaN, 0);
  }

  /**
   * Summarises readings.
   *
   * @param readings realised false-positive rates, one per split
   * @return their mean and 5th / 95th percentiles (nearest rank)
   */
  public static FprSpread of(double[] readings) {
    if (readings.length == 0) {
      return none();
    }
    double[] sorted = readings.clone();
    Arrays.sort(sorted);
    return new FprSpread(
        Arrays.stream(sorted).average().orElseThrow(),
        nearestRank(sorted, 0.05),
        nearestRank(sorted, 0.95),
        sorted.length);
  }

  /**
   * Whether any splits were measured.
   *
   * @return true if {@link #splits()} is positive
   */
  public boolean measured() {
    return splits > 0;
  }

  private static double nearestRank(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
