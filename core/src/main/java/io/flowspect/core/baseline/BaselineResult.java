package io.flowspect.core.baseline;

import io.flowspect.core.eval.DetectionMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one baseline density does on an evaluation's splits.
 *
 * @param id the density, e.g. {@code ppca}
 * @param description what it is, in a line
 * @param normalBpd mean bits/dim over the held-out normal images
 * @param bpd per anomalous set, its bits/dim as the anomaly score (raw likelihood, the trap)
 * @param complexity per anomalous set, its bits/dim minus the compressor's (input complexity, Serra
 *     et al. 2020, with this density in place of the deep model)
 */
public record BaselineResult(
    String id,
    String description,
    double normalBpd,
    Map<String, DetectionMetrics> bpd,
    Map<String, DetectionMetrics> complexity) {

  /** Copies the maps, keeping their order. */
  public BaselineResult {
    bpd = Collections.unmodifiableMap(new LinkedHashMap<>(bpd));
    complexity = Collections.unmodifiableMap(new LinkedHashMap<>(complexity));
  }
}
