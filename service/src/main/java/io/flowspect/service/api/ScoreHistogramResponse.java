package io.flowspect.service.api;

/**
 * The body of {@code GET /api/v1/models/{id}/histogram}: the decision values of the calibration's
 * normal images and of the last images the pipeline scored, on shared bins (core's {@link
 * io.flowspect.core.calibration.ScoreHistogram}), with the threshold they are cut at.
 *
 * <p>The bins span the normal values, widened to include the threshold; values outside count in
 * {@code below} and {@code above} (anomalies far beyond every normal value are in {@code
 * recent.above}).
 *
 * @param model the model's id
 * @param score the decision score
 * @param threshold the threshold in force; null when infinite
 * @param alpha the alpha recorded with it
 * @param edges the bin edges, {@code bins + 1} of them
 * @param calibration the normal calibration values
 * @param recent the last values the pipeline scored with this model
 */
public record ScoreHistogramResponse(
    String model,
    String score,
    Double threshold,
    double alpha,
    double[] edges,
    Counts calibration,
    Counts recent) {

  /**
   * One sample's counts.
   *
   * @param n values in the sample
   * @param counts values per bin
   * @param below values below the first edge
   * @param above values above the last edge
   */
  public record Counts(double n, double[] counts, double below, double above) {}
}
