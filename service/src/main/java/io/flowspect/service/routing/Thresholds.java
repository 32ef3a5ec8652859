package io.flowspect.service.routing;

import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.ThresholdPreview;

/**
 * Moves a calibration's decision threshold without recalibrating: from a new target false-positive
 * rate alpha, or to a threshold an operator chose. Both use the calibration's conformal decision
 * reference (the normal images' decision values), so p-values and decisions stay consistent: an
 * image is anomalous when its value is strictly above the threshold, i.e. when its p-value is at
 * most alpha.
 */
public final class Thresholds {

  private Thresholds() {}

  /**
   * Returns the calibration with the conformal threshold of a new alpha: the {@code ceil((n + 1)(1
   * - alpha))}-th smallest normal decision value ({@link ConformalReference#threshold}).
   *
   * @param calibration the current calibration
   * @param alpha the target false-positive rate, in {@code [1/(n+1), 1)}
   * @return the new calibration; references and everything else unchanged
   * @throws IllegalArgumentException if alpha is outside (0, 1) or too small for the calibration's
   *     n normal images (the threshold would be infinite: nothing could ever be flagged)
   */
  public static Calibration withAlpha(Calibration calibration, double alpha) {
    ConformalReference.requireAlpha(null, alpha);
    ConformalReference ref = calibration.decisionReference();
    double threshold = ref.threshold(alpha);
    if (threshold == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "alpha "
              + alpha
              + " is too small for a calibration of "
              + ref.n()
              + " normal images: it needs at least "
              + (long) Math.ceil(1 / alpha - 1)
              + "; the smallest usable alpha is 1/(n+1) = "
              + 1.0 / (ref.n() + 1));
    }
    return copy(calibration, alpha, threshold);
  }

  /**
   * Returns the calibration with a chosen threshold, and the alpha it implies: the largest p-value
   * an image above the threshold can have, {@code (1 + #{normal values > threshold}) / (n + 1)},
   * which bounds the false-positive rate.
   *
   * @param calibration the current calibration
   * @param threshold the new threshold on the decision score's anomaly value, finite
   * @return the new calibration
   * @throws IllegalArgumentException if the threshold is not finite or below every normal value
   *     (every image would be anomalous)
   */
  public static Calibration withThreshold(Calibration calibration, double threshold) {
    ThresholdPreview preview = preview(calibration, threshold);
    if (!preview.applicable()) {
      throw new IllegalArgumentException(
          "threshold "
              + threshold
              + " is below every normal calibration value (smallest "
              + calibration.decisionReference().sorted()[0]
              + "): every image would be anomalous");
    }
    return copy(calibration, preview.alpha(), threshold);
  }

  /**
   * Previews a threshold without applying it: the share of normal calibration images it flags and
   * the alpha {@link #withThreshold} would record ({@link ThresholdPreview}).
   *
   * @param calibration the current calibration
   * @param threshold a candidate threshold on the decision score's anomaly value
   * @return the preview; {@link ThresholdPreview#applicable()} says whether {@link #withThreshold}
   *     accepts it
   * @throws IllegalArgumentException if the threshold is not finite
   */
  public static ThresholdPreview preview(Calibration calibration, double threshold) {
    return calibration.decisionReference().preview(threshold);
  }

  private static Calibration copy(Calibration c, double alpha, double threshold) {
    return new Calibration(
        c.formatVersion(),
        c.bundleId(),
        c.bundleVersion(),
        c.score(),
        alpha,
        threshold,
        c.n(),
        c.dataFingerprint(),
        c.createdAt(),
        c.references(),
        c.decisionReference(),
        c.labelled(),
        c.maps());
  }
}
