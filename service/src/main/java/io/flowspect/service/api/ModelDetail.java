package io.flowspect.service.api;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.LabelledSummary;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/models/{id}}: the summary, the bundle's manifest as it is on disk
 * (input contract, graphs, training record, checksums) and its calibration without the reference
 * scores themselves.
 *
 * @param model the summary, as in the list
 * @param manifest the manifest
 * @param calibration the calibration summary; null when not calibrated
 */
public record ModelDetail(ModelSummary model, Manifest manifest, CalibrationSummary calibration) {

  /**
   * What a calibration says, without its arrays.
   *
   * @param score the decision score
   * @param alpha the target false-positive rate
   * @param threshold the threshold; null when infinite (too few images for alpha)
   * @param n normal images the decision reference holds
   * @param createdAt when the calibration was made
   * @param dataFingerprint the normal images' fingerprint
   * @param references normal images per single score reference
   * @param decisionMin the smallest normal decision value
   * @param decisionMedian the median normal decision value
   * @param decisionMax the largest normal decision value
   * @param labelled the summary against labelled anomalies; null when none were given
   * @param maps the evidence map the local score uses; null when none
   */
  public record CalibrationSummary(
      String score,
      double alpha,
      Double threshold,
      long n,
      String createdAt,
      String dataFingerprint,
      Map<String, Long> references,
      double decisionMin,
      double decisionMedian,
      double decisionMax,
      Labelled labelled,
      String maps) {

    static CalibrationSummary of(Calibration c) {
      Map<String, Long> refs = new LinkedHashMap<>();
      c.references().forEach((k, v) -> refs.put(k, v.n()));
      ConformalReference d = c.decisionReference();
      double[] s = d.sorted();
      LabelledSummary l = c.labelled();
      return new CalibrationSummary(
          c.score(),
          c.alpha(),
          OutputJson.finite(c.threshold()),
          d.n(),
          c.createdAt(),
          c.dataFingerprint(),
          refs,
          s[0],
          s[s.length / 2],
          s[s.length - 1],
          l == null ? null : new Labelled(l.nAnomalous(), l.auroc(), l.f1(), l.f1Threshold()),
          c.maps() == null ? null : c.maps().map());
    }
  }

  /**
   * What labelled anomalies said at calibration time.
   *
   * @param nAnomalous anomalous images
   * @param auroc area under the ROC curve
   * @param f1 the best F1
   * @param f1Threshold the threshold of the best F1
   */
  public record Labelled(long nAnomalous, double auroc, double f1, double f1Threshold) {}

  /**
   * Describes a catalogue entry in full.
   *
   * @param e the entry
   * @return the detail
   */
  static ModelDetail of(ModelEntry e) {
    return new ModelDetail(
        ModelSummary.of(e),
        e.model().detector().scorer().bundle().manifest(),
        e.model().detector().calibration().map(CalibrationSummary::of).orElse(null));
  }
}
