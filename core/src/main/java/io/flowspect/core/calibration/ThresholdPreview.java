package io.flowspect.core.calibration;

/**
 * What a candidate threshold would do on the normal calibration images, before anyone applies it:
 * the false-positive rate it gives on them and the alpha a calibration set to it records.
 *
 * <p>Both follow from the conformal reference ({@link ConformalReference}); an image is anomalous
 * when its value is strictly above the threshold. The realised rate on the calibration images is
 * {@code flagged / n}; the alpha is the largest p-value an image above the threshold can have,
 * {@code (1 + flagged) / (n + 1)}, which bounds the false-positive rate on new normal images that
 * are exchangeable with the calibration images. For a sketch reference (n above {@value
 * ConformalReference#MAX_EXACT}) {@code flagged} is interpolated, like every count of a sketch.
 *
 * @param threshold the candidate threshold on the decision score's anomaly value, finite
 * @param n normal images in the reference
 * @param flagged normal images strictly above the threshold, {@code #{s_i > threshold}}
 * @param falsePositiveRate {@code flagged / n}: the share of normal calibration images the
 *     threshold flags
 * @param alpha {@code (1 + flagged) / (n + 1)}: the false-positive rate bound a calibration with
 *     this threshold records
 */
public record ThresholdPreview(
    double threshold, long n, double flagged, double falsePositiveRate, double alpha) {

  /**
   * Previews a threshold on a reference.
   *
   * @param reference the normal images' decision values
   * @param threshold the candidate threshold, finite
   * @return the preview
   * @throws IllegalArgumentException if the threshold is not finite
   */
  public static ThresholdPreview of(ConformalReference reference, double threshold) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
    }
    double flagged = reference.countAtOrAbove(Math.nextUp(threshold));
    return new ThresholdPreview(
        threshold,
        reference.n(),
        flagged,
        flagged / reference.n(),
        (1.0 + flagged) / (reference.n() + 1.0));
  }

  /**
   * Tells whether a calibration may use this threshold: not when it lies below every normal value,
   * where every image would be anomalous (alpha 1).
   *
   * @return true when the alpha is below 1
   */
  public boolean applicable() {
    return alpha < 1;
  }
}
