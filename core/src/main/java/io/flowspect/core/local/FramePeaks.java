package io.flowspect.core.local;

/**
 * The three pieces of evidence a frame decision weighs, each the strongest of its kind in the
 * frame, higher meaning more anomalous.
 *
 * <p>Three because they fail differently. The local map's peak finds what the model finds unlikely
 * somewhere (a scratch, a hole, a stain). The too-likely peak finds a region the model finds
 * <em>more</em> likely than any good frame's (texture erased to a flat colour: the field's
 * likelihood trap at the scale of a region), which the map's two-sided distance mixes with ordinary
 * noise. The frame's likelihood is the global score: its mean negative log-likelihood per pixel,
 * far from good frames' in either direction when the whole frame is off (lighting, focus, another
 * product), which no single place shows.
 *
 * @param map the anomaly map's highest value, standard deviations; {@link Float#MAX_VALUE} when the
 *     model pass was not finite
 * @param tooLikely the patch channel's largest distance below the good frames' mean, standard
 *     deviations (negative when no place is below it)
 * @param likelihood the absolute difference between the frame's mean patch-channel value and the
 *     good frames', nats per pixel
 */
public record FramePeaks(double map, double tooLikely, double likelihood) {

  /**
   * Returns the peaks as an array, in the order of {@link FrameDecision.Part}.
   *
   * @return {@code {map, tooLikely, likelihood}}
   */
  public double[] values() {
    return new double[] {map, tooLikely, likelihood};
  }
}
