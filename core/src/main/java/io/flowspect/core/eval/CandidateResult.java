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
 * @param metrics detection metrics per anomalous set, held-out normal images as negatives
 * @param tprAtThreshold fraction of each anomalous set above the threshold
 */
public record CandidateResult(
    String score,
    double threshold,
    double realizedFpr,
    Map<String, DetectionMetrics> metrics,
    Map<String, Double> tprAtThreshold) {

  /** Copies the maps, keeping their order. */
  public CandidateResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    tprAtThreshold = Collections.unmodifiableMap(new LinkedHashMap<>(tprAtThreshold));
  }
}
