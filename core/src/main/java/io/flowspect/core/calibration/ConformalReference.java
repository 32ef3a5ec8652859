package io.flowspect.core.calibration;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;

/**
 * The anomaly scores of n normal calibration images, sorted ascending, from which conformal
 * p-values and thresholds follow without any assumption about the score's distribution (Vovk et
 * al., "Algorithmic Learning in a Random World"; Bates et al. 2023, "Testing for outliers with
 * conformal p-values").
 *
 * <p>For a new image with anomaly score s (higher = more anomalous), its p-value is {@code p(s) =
 * (1 + #{i : s_i >= s}) / (n + 1)}: if the image is exchangeable with the calibration images,
 * {@code P(p <= alpha) <= alpha}. Flagging {@code s > threshold(alpha)}, with the threshold at the
 * {@code ceil((n + 1)(1 - alpha))}-th smallest score, flags exactly the images with {@code p <=
 * alpha}, so the false-positive rate on normal images is at most alpha.
 *
 * <p>Above {@value #MAX_EXACT} scores the reference keeps a quantile sketch instead: {@value
 * #SKETCH_POINTS} order statistics at evenly spaced ranks, with ranks between them interpolated
 * linearly. {@code n} stays the true count.
 *
 * @param n number of calibration scores
 * @param sorted the scores in ascending order (all of them, or the sketch when {@code n} is larger
 *     than {@value #MAX_EXACT})
 */
public record ConformalReference(long n, double[] sorted) {

  /** Largest n stored exactly. */
  public static final int MAX_EXACT = 100_000;

  /** Order statistics kept by the sketch. */
  public static final int SKETCH_POINTS = 10_001;

  /** Validates the sizes and the order. */
  public ConformalReference {
    if (sorted == null || sorted.length == 0 || n < sorted.length) {
      throw new IllegalArgumentException(
          "a reference needs at least one score and n >= stored scores, got n="
              + n
              + ", stored "
              + (sorted == null ? 0 : sorted.length));
    }
    if (n != sorted.length && sorted.length < 2) {
      throw new IllegalArgumentException("a sketch needs at least 2 points");
    }
    for (int i = 0; i < sorted.length; i++) {
      if (Double.isNaN(sorted[i])) {
        throw new IllegalArgumentException("score " + i + " of the reference is NaN");
      }
      if (i > 0 && sorted[i] < sorted[i - 1]) {
        throw new IllegalArgumentException(
            "reference scores must be sorted ascending (index " + i + ")");
      }
    }
  }

  /**
   * Builds a reference from the anomaly scores of normal images.
   *
   * @param scores anomaly scores (higher = more anomalous), none NaN; not modified
   * @return the reference, exact up to {@value #MAX_EXACT} scores, a sketch above
   */
  public static ConformalReference of(double[] scores) {
    if (scores == null || scores.length == 0) {
      throw new IllegalArgumentException("calibration needs at least one normal score");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("calibration score " + i + " is NaN");
      }
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    if (sorted.length <= MAX_EXACT) {
      return new ConformalReference(sorted.length, sorted);
    }
    double[] sketch = new double[SKETCH_POINTS];
    for (int j = 0; j < SKETCH_POINTS; j++) {
      long rank = Math.round((double) j * (sorted.length - 1) / (SKETCH_POINTS - 1));
      sketch[j] = sorted[(int) rank];
    }
    return new ConformalReference(sorted.length, sketch);
  }

  /**
   * Tells whether the reference keeps a sketch rather than every score.
   *
   * @return true above {@value #MAX_EXACT} scores
   */
  @JsonIgnore
  public boolean isSketch() {
    return n != sorted.length;
  }

  /**
   * Counts the calibration scores at or above s: {@code #{i : s_i >= s}} (interpolated for a
   * sketch).
   *
   * @param s an anomaly score
   * @return the count, 0..n
   */
  public double countAtOrAbove(double s) {
    if (Double.isNaN(s)) {
      return n;
    }
    int below = lowerBound(s);
    if (!isSketch()) {
      return sorted.length - below;
    }
    if (below == 0) {
      return n;
    }
    if (below == sorted.length) {
      return 0;
    }
    double scale = (double) (n - 1) / (sorted.length - 1);
    double lo = sorted[below - 1];
    double hi = sorted[below];
    double frac = hi > lo ? (s - lo) / (hi - lo) : 1.0;
    double rankBelow = (below - 1 + frac) * scale;
    return Math.max(0, n - Math.ceil(rankBelow));
  }

  /**
   * Returns the conformal p-value of an anomaly score, {@code (1 + #{s_i >= s}) / (n + 1)}.
   *
   * @param s the anomaly score of a new image; NaN gives the most normal p-value, 1
   * @return the p-value in (0, 1]; small means anomalous
   */
  public double pValue(double s) {
    if (Double.isNaN(s)) {
      return 1.0;
    }
    return (1.0 + countAtOrAbove(s)) / (n + 1.0);
  }

  /**
   * Returns the p-value with an exponential tail beyond the largest reference score, for combining
   * p-values.
   *
   * <p>Why: a conformal p-value cannot go below 1/(n+1), so every score above the normal images'
   * maximum looks the same, and Fisher's method cannot tell an image just past the maximum from one
   * far beyond it. Here, above the maximum m the p-value decays as {@code exp(-(s - m) / beta) / (n
   * + 1)}, with beta the mean excess of the top sqrt(n) scores over the next one (a
   * peaks-over-threshold fit with an exponential tail). At or below the maximum it equals {@link
   * #pValue}. The combined statistic is calibrated on its own reference, so this changes power, not
   * the false-positive rate.
   *
   * @param s an anomaly score
   * @return a p-value in (0, 1]
   */
  public double tailPValue(double s) {
    double max = sorted[sorted.length - 1];
    if (Double.isNaN(s) || s <= max || isSketch() || sorted.length < 4) {
      return pValue(s);
    }
    int k = Math.max(2, Math.min(sorted.length - 1, (int) Math.round(Math.sqrt(sorted.length))));
    double u = sorted[sorted.length - 1 - k];
    double excess = 0;
    for (int i = sorted.length - k; i < sorted.length; i++) {
      excess += sorted[i] - u;
    }
    double beta = excess / k;
    if (!(beta > 0)) {
      return pValue(s);
    }
    return Math.max(Double.MIN_NORMAL, Math.exp(-(s - max) / beta) / (n + 1.0));
  }

  /**
   * Returns {@link #tailPValue} of one of this reference's own scores against the others: the
   * reference with one copy of {@code s} left out.
   *
   * <p>Why: a combined statistic calibrated on the same normal images that give its components'
   * references must see each image as a new image would be seen. Counting the image against the
   * others, not against itself, keeps its p-values as small as a new image's, so it can lie beyond
   * the others' maximum and get the exponential tail too; they can only be smaller than in the full
   * conformal construction (where the new image is one of the others), which keeps the
   * false-positive guarantee, conservatively.
   *
   * @param s a score stored in this reference
   * @return the p-value among the other {@code n - 1} scores, in (0, 1]
   * @throws IllegalStateException for a sketch, which cannot leave one score out exactly
   */
  public double leaveOneOutTailPValue(double s) {
    if (isSketch()) {
      throw new IllegalStateException("a sketch cannot leave one score out");
    }
    int m = sorted.length - 1;
    if (m < 1 || Double.isNaN(s)) {
      return 1.0;
    }
    double others = countAtOrAbove(s) - 1;
    double max = sorted[m];
    boolean uniqueMax = s >= max && sorted[m - 1] < max;
    if (!uniqueMax) {
      return (1.0 + Math.max(0, others)) / (m + 1.0);
    }
    double top = sorted[m - 1];
    if (m < 4) {
      return 1.0 / (m + 1.0);
    }
    int k = Math.max(2, Math.min(m - 1, (int) Math.round(Math.sqrt(m))));
    double u = sorted[m - 1 - k];
    double excess = 0;
    for (int i = m - k; i < m; i++) {
      excess += sorted[i] - u;
    }
    double beta = excess / k;
    if (!(beta > 0)) {
      return 1.0 / (m + 1.0);
    }
    return Math.max(Double.MIN_NORMAL, Math.exp(-(s - top) / beta) / (m + 1.0));
  }

  /**
   * Returns the conformal threshold for a target false-positive rate: the {@code ceil((n + 1)(1 -
   * alpha))}-th smallest calibration score. An image is anomalous when its score is strictly above
   * it.
   *
   * @param alpha target false-positive rate, in (0, 1)
   * @return the threshold; +infinity when n is too small for alpha (fewer than 1/alpha - 1 scores)
   */
  public double threshold(double alpha) {
    requireAlpha(null, alpha);
    long k = (long) Math.ceil((n + 1) * (1 - alpha) - 1e-9);
    if (k > n) {
      return Double.POSITIVE_INFINITY;
    }
    if (!isSketch()) {
      return sorted[(int) k - 1];
    }
    double pos = (double) (k - 1) * (sorted.length - 1) / (n - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Previews a threshold: the share of these normal scores strictly above it and the alpha it
   * implies ({@link ThresholdPreview}).
   *
   * @param threshold a candidate threshold, finite
   * @return the preview
   */
  public ThresholdPreview preview(double threshold) {
    return ThresholdPreview.of(this, threshold);
  }

  /** Index of the first stored score >= s. */
  private int lowerBound(double s) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < s) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConformalReference other
        && n == other.n
        && Arrays.equals(sorted, other.sorted);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(n) * 31 + Arrays.hashCode(sorted);
  }

  @Override
  public String toString() {
    return "ConformalReference[n=" + n + (isSketch() ? ", sketch" : "") + "]";
  }

  /**
   * Requires a target false-positive rate strictly between 0 and 1, the range in which a conformal
   * threshold exists; every place that takes an alpha checks it alike.
   *
   * @param owner what the alpha belongs to, for the message (e.g. "calibration"), or null
   * @param alpha the rate
   * @throws IllegalArgumentException if it is not in (0, 1)
   */
  public static void requireAlpha(String owner, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          (owner == null ? "" : owner + " ") + "alpha must be in (0, 1), got " + alpha);
    }
  }
}
