package io.flowspect.core.local;

/**
 * One frame's anomaly map and the decision's view of it.
 *
 * @param anomalyMap per pixel, standard deviations from good frames ({@code height * width})
 * @param peaks the evidence the decision weighs
 * @param pValues each part's p-value among good frames, in the order of {@link FrameDecision.Part}
 * @param score the frame score, {@code -log10} of the strongest part's weighted p-value
 */
public record FrameScore(float[] anomalyMap, FramePeaks peaks, double[] pValues, double score) {

  /**
   * Tells whether the model pass was not finite somewhere in the frame.
   *
   * @return true when the map holds {@link Float#MAX_VALUE}
   */
  public boolean nonFinite() {
    return FrameReference.nonFinite(peaks.map());
  }
}
