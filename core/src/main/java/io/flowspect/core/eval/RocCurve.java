package io.flowspect.core.eval;

import java.util.Arrays;

/**
 * The receiver operating characteristic of one anomaly score: for each distinct threshold, the
 * fraction of normal images flagged (FPR) against the fraction of anomalous images flagged (TPR).
 *
 * <p>Point 0 is (0, 0), nothing flagged, with threshold {@code +Infinity} (as in scikit-learn: it
 * stands for "above every score", even when a score is itself {@code +Infinity}). Point k &gt; 0
 * flags the scores {@code >= thresholds[k]}; thresholds strictly decrease, FPR and TPR never
 * decrease, and the last point, at the lowest score, is (1, 1). Tied scores make one point, so a
 * tie between the samples shows as a diagonal segment.
 *
 * <p>The arrays are not copied; do not modify them. Equality compares contents. Serialises to JSON
 * as three arrays (Jackson writes the leading infinity as the string {@code "Infinity"}).
 *
 * @param fpr false positive rates, fractions in [0, 1]
 * @param tpr true positive rates, fractions in [0, 1]
 * @param thresholds the score threshold of each point, in score units
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {

  /** Validates that the three arrays describe the same points, at least two. */
  public RocCurve {
    if (fpr == null || tpr == null || thresholds == null) {
      throw new IllegalArgumentException("fpr, tpr and thresholds must not be null");
    }
    if (fpr.length != tpr.length || fpr.length != thresholds.length) {
      throw new IllegalArgumentException(
          "fpr, tpr and thresholds must have one length, got "
              + fpr.length
              + ", "
              + tpr.length
              + " and "
              + thresholds.length);
    }
    if (fpr.length < 2) {
      throw new IllegalArgumentException("a ROC curve needs at least 2 points, got " + fpr.length);
    }
  }

  /**
   * Computes the full curve, one point per distinct score plus the origin, in O(n log n).
   *
   * @param normal scores of normal images (negatives), at least one, none NaN; not modified
   * @param anomalous scores of anomalous images (positives), at least one, none NaN; not modified
   * @return the curve from (0, 0) to (1, 1)
   * @throws IllegalArgumentException if an array is null or empty or holds a NaN
   */
  public static RocCurve of(double[] normal, double[] anomalous) {
    RankedScores ranked = RankedScores.of(normal, anomalous);
    int n = ranked.groups() + 1;
    double[] fpr = new double[n];
    double[] tpr = new double[n];
    double[] thresholds = new double[n];
    thresholds[0] = Double.POSITIVE_INFINITY;
    for (int k = 0; k < ranked.groups(); k++) {
      fpr[k + 1] = (double) ranked.falsePositives[k] / ranked.nNormal;
      tpr[k + 1] = (double) ranked.truePositives[k] / ranked.nAnomalous;
      thresholds[k + 1] = ranked.thresholds[k];
    }
    return new RocCurve(fpr, tpr, thresholds);
  }

  /**
   * Returns the number of points.
   *
   * @return at least 2
   */
  public int size() {
    return fpr.length;
  }

  /**
   * Returns the trapezoidal area under the points. On a curve from {@link #of} it equals the exact
   * AUROC of {@link DetectionMetrics} (up to rounding); on a downsampled curve it is close to it.
   *
   * @return the area, a fraction in [0, 1]
   */
  public double area() {
    double sum = 0;
    for (int k = 1; k < fpr.length; k++) {
      sum += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]);
    }
    return sum / 2;
  }

  /**
   * Returns the smallest FPR among the points whose TPR is at least {@code minTpr}: the false alarm
   * rate of the strictest threshold that catches that share of anomalies.
   *
   * @param minTpr the required true positive rate, in (0, 1]
   * @return the FPR, a fraction in [0, 1]
   */
  public double fprAtTpr(double minTpr) {
    if (!(minTpr > 0 && minTpr <= 1)) {
      throw new IllegalArgumentException("minTpr must be in (0, 1], got " + minTpr);
    }
    for (int k = 0; k < tpr.length; k++) {
      if (tpr[k] >= minTpr) {
        return fpr[k];
      }
    }
    throw new IllegalStateException("the curve never reaches TPR " + minTpr);
  }

  /**
   * Returns a curve of at most {@code maxPoints} of these points with the same shape, small enough
   * for JSON and plots.
   *
   * <p>First the interior points of horizontal and vertical runs are dropped, which changes nothing
   * (a staircase keeps only its corners). If that is not enough, points are kept at evenly spaced
   * positions along the curve's length ({@code fpr + tpr} grows from 0 to 2 along any ROC curve),
   * so the steep start, where most of the detail is, keeps as many points as the flat end. The
   * first and last points are always kept; the kept points are original points, so they lie exactly
   * on the curve.
   *
   * @param maxPoints the most points to keep, at least 2
   * @return this curve if it is small enough, otherwise a new one
   */
  public RocCurve downsample(int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints must be at least 2, got " + maxPoints);
    }
    if (size() <= maxPoints) {
      return this;
    }
    int[] corners = corners();
    if (corners.length <= maxPoints) {
      return select(corners, corners.length);
    }
    int[] kept = new int[maxPoints];
    int count = 0;
    double start = position(corners[0]);
    double span = position(corners[corners.length - 1]) - start;
    int c = 0;
    for (int m = 0; m < maxPoints; m++) {
      double target = start + span * m / (maxPoints - 1);
      while (c + 1 < corners.length
          && Math.abs(position(corners[c + 1]) - target)
              <= Math.abs(position(corners[c]) - target)) {
        c++;
      }
      if (count == 0 || kept[count - 1] != corners[c]) {
        kept[count++] = corners[c];
      }
    }
    kept[count - 1] = corners[corners.length - 1];
    return select(kept, count);
  }

  private double position(int k) {
    return fpr[k] + tpr[k];
  }

  /** Indices of the points that are not inside a horizontal or vertical run. */
  private int[] corners() {
    int[] keep = new int[fpr.length];
    int count = 0;
    keep[count++] = 0;
    for (int k = 1; k < fpr.length - 1; k++) {
      boolean vertical = fpr[k - 1] == fpr[k] && fpr[k] == fpr[k + 1];
      boolean horizontal = tpr[k - 1] == tpr[k] && tpr[k] == tpr[k + 1];
      if (!vertical && !horizontal) {
        keep[count++] = k;
      }
    }
    keep[count++] = fpr.length - 1;
    return Arrays.copyOf(keep, count);
  }

  private RocCurve select(int[] indices, int count) {
    double[] f = new double[count];
    double[] t = new double[count];
    double[] th = new double[count];
    for (int k = 0; k < count; k++) {
      f[k] = fpr[indices[k]];
      t[k] = tpr[indices[k]];
      th[k] = thresholds[indices[k]];
    }
    return new RocCurve(f, t, th);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RocCurve other
        && Arrays.equals(fpr, other.fpr)
        && Arrays.equals(tpr, other.tpr)
        && Arrays.equals(thresholds, other.thresholds);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Arrays.hashCode(thresholds);
  }

  @Override
  public String toString() {
    return "RocCurve[" + fpr.length + " points, area " + area() + "]";
  }
}
