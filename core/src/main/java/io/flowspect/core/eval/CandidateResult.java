package io.flowspect.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one decision score did in an evaluation.
 *
 * @param score the decision score's id, e.g. "complexity" or "fisher:complexity+llr"
 * @param threshold the conformal threshold set on the calibration half at alpha
 * @param realizedFpr fraction of the held-out normal images above the threshold
 * @param expectedFpr where {@code realizedFpr} should fall if the held-out images are exchangeable
 *     with the calibration half ({@link FprRange}): a reading outside it points at a shift between
 *     the halves or a scoring difference, not at chance
 * @param resplitFpr the realised rate over repeated re-splits of the same normal scores ({@link
 *     FprSpread#none()} when not asked for): the calibration's accuracy without one split's luck
 * @param metrics detection metrics per anomalous set, held-out normal images as negatives
 * @param tprAtThreshold fraction of each anomalous set above the threshold
 * @param groups detection metrics of named groups of images within an anomalous set (set, then
 *     group, e.g. "defect:stain" then "subtle"), the same normal images as negatives: where a set
 *     mixes easy and hard cases, the groups show which ones a score misses
 */
public record CandidateResult(
    String score,
    double threshold,
    double realizedFpr,
    FprRange expectedFpr,
    FprSpread resplitFpr,
    Map<String, DetectionMetrics> metrics,
    Map<String, Double> tprAtThreshold,
    Map<String, Map<String, DetectionMetrics>> groups) {

  /** Copies the maps, keeping their order. */
  public CandidateResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    tprAtThreshold = Collections.unmodifiableMap(new LinkedHashMap<>(tprAtThreshold));
    Map<String, Map<String, DetectionMetrics>> copy = new LinkedHashMap<>();
    groups.forEach((set, g) -> copy.put(set, Collections.unmodifiableMap(new LinkedHashMap<>(g))));
    groups = Collections.unmodifiableMap(copy);
  }
}
