package io.flowspect.core.calibration;

import io.flowspect.core.local.LocalScores;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.util.List;

/**
 * Computes the decision score's anomaly value of each image: the oriented single score, or Fisher's
 * statistic over the components' conformal p-values. One definition, used by calibration, scoring
 * and evaluation alike.
 */
public final class DecisionValues {

  private DecisionValues() {}

  /**
   * Returns the anomaly value of the calibration's decision score for every row.
   *
   * @param calibration gives the decision score and, for Fisher, the component references
   * @param table scores holding every component
   * @return one value per row, higher = more anomalous
   */
  public static double[] of(Calibration calibration, ScoreTable table) {
    return of(calibration, table, false);
  }

  /**
   * Returns the anomaly value of the calibration's decision score for each of the images whose
   * scores make its references, each image's p-values taken against the other images ({@link
   * Calibration#leaveOneOutTailPValue}): how the combined statistic is calibrated on the same
   * images as its components.
   *
   * @param calibration a calibration whose references were made from exactly {@code table}
   * @param table the calibration images' scores
   * @return one value per row, higher = more anomalous
   */
  public static double[] leaveOneOut(Calibration calibration, ScoreTable table) {
    return of(calibration, table, true);
  }

  private static double[] of(Calibration calibration, ScoreTable table, boolean leaveOneOut) {
    DecisionScore decision = calibration.decision();
    if (decision.components().contains(Score.LOCAL)) {
      table = LocalScores.ensure(table, calibration.maps());
    }
    List<Score> parts = decision.components();
    if (!decision.isFisher()) {
      return table.anomalyColumn(parts.get(0));
    }
    double[][] columns = new double[parts.size()][];
    for (int j = 0; j < parts.size(); j++) {
      columns[j] = table.anomalyColumn(parts.get(j));
    }
    double[] out = new double[table.size()];
    double[] p = new double[parts.size()];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < parts.size(); j++) {
        p[j] =
            leaveOneOut
                ? calibration.leaveOneOutTailPValue(parts.get(j), columns[j][i])
                : calibration.tailPValue(parts.get(j), columns[j][i]);
      }
      out[i] = decision.statistic(p);
    }
    return out;
  }
}
