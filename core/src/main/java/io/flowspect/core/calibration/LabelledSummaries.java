package io.flowspect.core.calibration;

import io.flowspect.core.eval.DetectionMetrics;
import io.flowspect.core.eval.RocCurve;

/** Summarises a decision score against labelled anomalies: AUROC, ROC and the F1-optimal cut. */
final class LabelledSummaries {

  /** ROC points kept in calibration.json. */
  static final int ROC_POINTS = 200;

  private LabelledSummaries() {}

  static LabelledSummary of(double[] normal, double[] anomalous) {
    RocCurve roc = RocCurve.of(normal, anomalous);
    double bestF1 = -1;
    double bestThreshold = Double.POSITIVE_INFINITY;
    double positives = anomalous.length;
    double negatives = normal.length;
    double[] fpr = roc.fpr();
    double[] tpr = roc.tpr();
    double[] thresholds = roc.thresholds();
    for (int i = 0; i < fpr.length; i++) {
      double tp = tpr[i] * positives;
      double fp = fpr[i] * negatives;
      double fn = positives - tp;
      double f1 = tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
      if (f1 > bestF1) {
        bestF1 = f1;
        bestThreshold = Math.nextDown(thresholds[i]);
      }
    }
    RocCurve small = roc.downsample(ROC_POINTS);
    return new LabelledSummary(
        anomalous.length,
        DetectionMetrics.of(normal, anomalous).auroc(),
        bestThreshold,
        bestF1,
        new LabelledSummary.RocPoints(small.fpr(), small.tpr(), small.thresholds()));
  }
}
