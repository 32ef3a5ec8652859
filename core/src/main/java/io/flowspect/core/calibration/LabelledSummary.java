package io.flowspect.core.calibration;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What labelled anomalies said about the decision score at calibration time.
 *
 * @param nAnomalous number of anomalous images
 * @param auroc area under the ROC curve, normal versus anomalous
 * @param f1Threshold the threshold (anomalous when strictly above, like the calibrated one) that
 *     maximises F1
 * @param f1 that maximal F1, anomalies as positives
 * @param roc the ROC curve, downsampled
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LabelledSummary(
    long nAnomalous, double auroc, double f1Threshold, double f1, RocPoints roc) {

  /**
   * Points of a ROC curve.
   *
   * @param fpr false-positive rates, ascending
   * @param tpr true-positive rates
   * @param threshold the threshold of each point (anomalous when at or above)
   */
  public record RocPoints(double[] fpr, double[] tpr, double[] threshold) {}
}
