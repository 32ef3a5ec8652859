package io.flowspect.core.inspect;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowspect.core.detect.Verdict;
import io.flowspect.core.local.DefectMask;
import io.flowspect.core.local.DefectRegion;
import io.flowspect.core.signal.SignalFinding;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param regions a whole frame's defect regions (box, area, peak, p-value), strongest first; empty,
 *     and left out of the JSON, for an image the model takes whole
 * @param mask a whole frame's defect pixels, run-length coded ({@link DefectMask}); null, and left
 *     out of the JSON, for an image the model takes whole
 * @param signal a sensor recording's windows, hottest time span and trace; null, and left out of
 *     the JSON, for an image
 */
public record Judgement(
    String scoreName,
    Double score,
    Double threshold,
    Double pValue,
    Boolean anomaly,
    Map<String, Double> scores,
    Map<String, Double> pValues,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DefectRegion> regions,
    @JsonInclude(JsonInclude.Include.NON_NULL) DefectMask mask,
    @JsonInclude(JsonInclude.Include.NON_NULL) SignalFinding signal) {

  /** Copies the regions. */
  public Judgement {
    regions = regions == null ? List.of() : List.copyOf(regions);
  }

  /**
   * The decision about an image or a frame, without a recording's finding.
   *
   * @param scoreName the decision score
   * @param score its value
   * @param threshold the threshold
   * @param pValue the p-value
   * @param anomaly the verdict
   * @param scores every score
   * @param pValues every single score's p-value
   * @param regions a frame's regions
   * @param mask a frame's mask
   */
  public Judgement(
      String scoreName,
      Double score,
      Double threshold,
      Double pValue,
      Boolean anomaly,
      Map<String, Double> scores,
      Map<String, Double> pValues,
      List<DefectRegion> regions,
      DefectMask mask) {
    this(scoreName, score, threshold, pValue, anomaly, scores, pValues, regions, mask, null);
  }

  /**
   * Returns this judgement with a recording's finding.
   *
   * @param finding the windows, span and trace
   * @return the copy
   */
  public Judgement withSignal(SignalFinding finding) {
    return new Judgement(
        scoreName, score, threshold, pValue, anomaly, scores, pValues, regions, mask, finding);
  }

  /**
   * States a verdict.
   *
   * @param v the verdict about the image
   * @param threshold the calibrated threshold of its batch (NaN when not calibrated)
   * @return the fields
   */
  public static Judgement of(Verdict v, double threshold) {
    return of(v, threshold, List.of(), null);
  }

  /**
   * States a frame's verdict with its regions.
   *
   * @param v the verdict about the frame
   * @param threshold the calibrated threshold (NaN or infinite when there is none)
   * @param regions its defect regions
   * @param mask their pixels
   * @return the fields
   */
  public static Judgement of(
      Verdict v, double threshold, List<DefectRegion> regions, DefectMask mask) {
    return new Judgement(
        v.score(),
        finite(v.value()),
        finite(threshold),
        finite(v.pValue()),
        v.anomaly(),
        finite(v.scores()),
        finite(v.pValues()),
        regions,
        mask);
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
