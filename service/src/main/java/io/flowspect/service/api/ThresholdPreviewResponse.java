package io.flowspect.service.api;

/**
 * The body of {@code GET /api/v1/models/{id}/threshold/preview?threshold=t}: what a candidate
 * threshold would do, computed by core's {@link io.flowspect.core.calibration.ThresholdPreview} on
 * the calibration's normal decision values, before anyone applies it with {@code PUT
 * .../threshold}.
 *
 * @param model the model's id
 * @param score the decision score the threshold applies to
 * @param threshold the candidate threshold
 * @param n normal calibration images
 * @param flagged normal calibration images strictly above the candidate (interpolated when the
 *     calibration keeps a sketch)
 * @param falsePositiveRate {@code flagged / n}: the false-positive rate the candidate gives on the
 *     calibration images
 * @param alpha {@code (1 + flagged) / (n + 1)}: the alpha {@code PUT .../threshold} would record,
 *     the bound on the false-positive rate for new normal images
 * @param applicable whether {@code PUT .../threshold} accepts the candidate (not below every normal
 *     value)
 * @param current the threshold in force, on the same calibration images
 * @param recent the candidate against the last images the pipeline scored with this model
 */
public record ThresholdPreviewResponse(
    String model,
    String score,
    double threshold,
    long n,
    double flagged,
    double falsePositiveRate,
    double alpha,
    boolean applicable,
    Current current,
    Recent recent) {

  /**
   * The threshold in force.
   *
   * @param threshold the threshold; null when infinite (nothing is flagged)
   * @param alpha the alpha recorded with it
   * @param falsePositiveRate its false-positive rate on the calibration images; null when the
   *     threshold is infinite
   */
  public record Current(Double threshold, double alpha, Double falsePositiveRate) {}

  /**
   * The candidate on the live stream.
   *
   * @param n recent images of this model ({@code flowspect.api.recent-scores} at most)
   * @param flagged of them strictly above the candidate
   * @param share {@code flagged / n}; null when no image was scored yet
   */
  public record Recent(int n, int flagged, Double share) {}
}
