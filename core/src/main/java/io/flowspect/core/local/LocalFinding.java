package io.flowspect.core.local;

import io.flowspect.core.image.Box;

/**
 * Where an image's local evidence is strongest.
 *
 * @param score the local score: Fisher's -2 sum log p over the reference's statistics, or, for a
 *     reference without statistics, the largest mean standardised evidence over any window (see
 *     {@link LocalScores#find(float[], float[], MapReference)})
 * @param box the hottest region: the best window of the strongest statistic grown over neighbouring
 *     windows more than half as hot, in pixel coordinates of the model input
 * @param peakX column of the hottest window's centre
 * @param peakY row of the hottest window's centre
 * @param evidence what found the region, for an operator: {@value #PIXEL} (one pixel the model
 *     finds costly), {@value #WINDOW} (a costly neighbourhood), {@value #DARKER} or {@value
 *     #BRIGHTER} (a neighbourhood consistently darker or brighter than the model expects, from the
 *     signed residuals)
 */
public record LocalFinding(double score, Box box, int peakX, int peakY, String evidence) {

  /** A single pixel the model finds costly. */
  public static final String PIXEL = "pixel";

  /** A neighbourhood the model finds costly. */
  public static final String WINDOW = "window";

  /** A neighbourhood darker than the model expects. */
  public static final String DARKER = "darker";

  /** A neighbourhood brighter than the model expects. */
  public static final String BRIGHTER = "brighter";

  /**
   * A finding of the costly-window kind, or of one pixel when the window is 1.
   *
   * @param score the local score
   * @param box the hottest region
   * @param peakX column of the hottest window's centre
   * @param peakY row of the hottest window's centre
   */
  public LocalFinding(double score, Box box, int peakX, int peakY) {
    this(score, box, peakX, peakY, WINDOW);
  }

  /** Requires the evidence. */
  public LocalFinding {
    if (evidence == null) {
      throw new IllegalArgumentException("evidence must not be null");
    }
  }
}
