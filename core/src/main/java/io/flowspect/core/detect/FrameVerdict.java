package io.flowspect.core.detect;

import io.flowspect.core.local.DefectMask;
import io.flowspect.core.local.DefectRegion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision about one whole frame of a model trained on patches.
 *
 * @param score the frame score: the strongest of its local and global evidence, {@code -log10} of
 *     its weighted p-value among good frames ({@link io.flowspect.core.local.FrameDecision})
 * @param threshold the calibrated threshold on {@code score}
 * @param pValue conformal p-value of the score against the calibration frames
 * @param anomaly true when {@code score > threshold}
 * @param regions where the frame is defective, strongest first; may be non-empty for a frame below
 *     the threshold (a region is evidence, the frame score is the decision)
 * @param width frame columns
 * @param height frame rows
 * @param anomalyMap per pixel, the anomaly map ({@code height * width}, row-major)
 * @param mask the pixels of {@code regions}, run-length coded
 * @param parts each part of the decision's evidence by its name in records ({@code frame_map},
 *     standard deviations; {@code frame_too_likely}, standard deviations; {@code frame_likelihood},
 *     nats per pixel), in that order
 * @param partPValues each part's p-value among good frames, by the same names
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
    Map<String, Double> parts,
    Map<String, Double> partPValues,
    String reason) {

  /** Copies the list and maps, keeping the maps' order. */
  public FrameVerdict {
    regions = List.copyOf(regions);
    parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    partPValues = Collections.unmodifiableMap(new LinkedHashMap<>(partPValues));
  }
}
