package io.flowspect.service.output;

import io.flowspect.core.detect.Verdict;
import java.util.Map;

/**
 * The decision about one image as every output states it: score records, alerts and REST answers
 * carry these fields unwrapped (flat in their JSON), built once from core's {@link Verdict}, with
 * non-finite numbers as null.
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
   * @param v core's verdict about the image
   * @param threshold the calibrated threshold of its batch (NaN when not calibrated)
   * @return the fields
   */
  public static Judgement of(Verdict v, double threshold) {
    return new Judgement(
        v.score(),
        OutputJson.finite(v.value()),
        OutputJson.finite(threshold),
        OutputJson.finite(v.pValue()),
        v.anomaly(),
        OutputJson.finite(v.scores()),
        OutputJson.finite(v.pValues()));
  }
}
