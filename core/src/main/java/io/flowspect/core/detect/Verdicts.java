package io.flowspect.core.detect;

import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.score.NonFinite;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions about a batch of images, columnar like {@link ScoreTable}; {@link #verdict} gives
 * one image's.
 *
 * @param table every computed score
 * @param score the decision score's id
 * @param values decision anomaly value per image
 * @param pValues conformal p-value per image; NaN when not calibrated
 * @param threshold the calibrated threshold on {@code values}; NaN when not calibrated
 * @param calibration the calibration used; null when none
 */
public record Verdicts(
    ScoreTable table,
    String score,
    double[] values,
    double[] pValues,
    double threshold,
    Calibration calibration) {

  /**
   * Returns the number of images.
   *
   * @return N
   */
  public int size() {
    return values.length;
  }

  /**
   * Tells whether an image is anomalous.
   *
   * @param i the image index
   * @return true above the threshold or when the model pass was not finite, false otherwise, null
   *     when not calibrated
   */
  public Boolean anomaly(int i) {
    return calibration == null ? null : values[i] > threshold || table.nonFinite(i);
  }

  /**
   * Says why an image is judged the way it is, beyond its scores.
   *
   * @param i the image index
   * @return {@link NonFinite#REASON} when the model could not give a finite score, else null
   */
  public String reason(int i) {
    return table.nonFinite(i) ? NonFinite.REASON : null;
  }

  /**
   * Returns one image's decision with all its scores.
   *
   * @param i the image index
   * @return the verdict
   */
  public Verdict verdict(int i) {
    Map<String, Double> p = new LinkedHashMap<>();
    if (calibration != null) {
      for (Score s : table.scores()) {
        double v = calibration.pValue(s, s.anomaly(table.column(s)[i]));
        if (!Double.isNaN(v)) {
          p.put(s.id(), v);
        }
      }
    }
    return new Verdict(
        score,
        values[i],
        pValues[i],
        anomaly(i),
        table.row(i),
        p,
        table.findings() == null ? null : table.findings()[i],
        reason(i));
  }
}
