package io.flowspect.core.detect;

import io.flowspect.core.local.DefectMask;
import io.flowspect.core.local.DefectRegion;
import java.util.List;

/**
 * The decision about one whole frame of a model trained on patches.
 *
 * @param score the frame score: its strongest local evidence, standard deviations above good frames
 *     (smoothed)
 * @param threshold the calibrated threshold on {@code score}
 * @param pValue conformal p-value of the score against the calibration frames
 * @param anomaly true when {@code score > threshold}
 * @param regions where the frame is defective, strongest first; may be non-empty for a frame below
 *     the threshold (a region is evidence, the frame score is the decision)
 * @param width frame columns
 * @param height frame rows
 * @param anomalyMap per pixel, the anomaly map ({@code height * width}, row-major)
 * @param mask the pixels of {@code regions}, run-length coded
 * @param reason {@link io.flowspect.core.score.NonFinite#REASON} when the model pass was not finite
 *     somewhere in the frame (the frame is then flagged, at the minimum p-value), else null
 */
public record FrameVerdict(
    double score,
    double threshold,
    double pValue,
    boolean anomaly,
    List<DefectRegion> regions,
    int width,
    int height,
    float[] anomalyMap,
    DefectMask mask,
    String reason) {

  /** Copies the list. */
  public FrameVerdict {
    regions = List.copyOf(regions);
  }
}
