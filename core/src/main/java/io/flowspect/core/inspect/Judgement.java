package io.flowspect.core.inspect;

import io.flowspect.core.detect.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decision about one image as every output states it: the service's score records, alerts and
 * REST answers carry these fields unwrapped (flat in their JSON), built once from a {@link
 * Verdict}, with non-finite numbers as null because JSON has no NaN or infinity.
 *
 * @param scoreName the decision score, e.g. {@code complexity} or {@code fisher:complexity+llr}
 * @param score its value, oriented so that higher is more anomalous
 * @param threshold the calibrated threshold on {@code score}; null when not calibrated
 * @param pValue conformal p-value; null when not calibrated
 * @param anomaly true when {@code score > threshold}; null when not calibrated
 * @param scores every score as defined in docs/cli.md (log_px, bpd, complexity...)
 * @param pValues p-value of each single score the calibration covers
 */
public record Judgement(
    String scoreName,
    Double score,
    Double threshold,
    Double pValue,
    Boolean anomaly,
    Map<String, Double> scores,
    Map<String, Double> pValues) {

  /**
   * States a verdict.
   *
   * @param v the verdict about the image
   * @param threshold the calibrated threshold of its batch (NaN when not calibrated)
   * @return the fields
   */
  public static Judgement of(Verdict v, double threshold) {
    return new Judgement(
        v.score(),
        finite(v.value()),
        finite(threshold),
        finite(v.pValue()),
        v.anomaly(),
        finite(v.scores()),
        finite(v.pValues()));
  }

  /**
   * Returns a value, or null when it is NaN or infinite.
   *
   * @param v the value
   * @return v or null
   */
  public static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * Copies a map of values with non-finite values as null, keeping the order.
   *
   * @param values the values
   * @return the copy
   */
  public static Map<String, Double> finite(Map<String, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v == null ? null : finite(v.doubleValue())));
    return out;
  }
}
