package io.flowspect.core.eval;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.calibration.DecisionValues;
import io.flowspect.core.local.LocalScores;
import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.local.MapReference;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well evidence maps find defects, per defect set: the local score is calibrated on the
 * calibration half (the bundle's own decision when it reads the local score, else {@code local}
 * alone), and each set's maps and hottest boxes are compared with its pixel-level truth.
 *
 * @param located the decision whose flags and boxes are measured
 * @param reference the map statistics of the calibration half
 * @param sets the metrics of each defect set, in order
 */
public record Localisation(
    DecisionScore located, MapReference reference, Map<String, LocalisationMetrics> sets) {

  /** Copies the map, keeping its order. */
  public Localisation {
    sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
  }

  /**
   * Measures localisation.
   *
   * @param manifest the bundle's manifest
   * @param calibrationHalf scores of the normal images that calibrate, with evidence maps
   * @param bundleDecision the bundle's decision score
   * @param alpha target false-positive rate of the flags
   * @param local the local score's window and standardisation
   * @param defects the defect sets with their truth
   * @param scores each defect set's scores, with evidence maps, under the same names
   * @return the metrics
   */
  public static Localisation measure(
      Manifest manifest,
      ScoreTable calibrationHalf,
      DecisionScore bundleDecision,
      double alpha,
      LocalSettings local,
      Map<String, DefectSet> defects,
      Map<String, ScoreTable> scores) {
    DecisionScore located =
        bundleDecision.components().contains(Score.LOCAL)
            ? bundleDecision
            : DecisionScore.single(Score.LOCAL);
    Calibration calibration =
        Calibrator.calibrate(manifest, calibrationHalf, located, alpha, "evaluation", null, local);
    MapReference reference = calibration.maps();
    Map<String, LocalisationMetrics> sets = new LinkedHashMap<>();
    for (Map.Entry<String, DefectSet> e : defects.entrySet()) {
      ScoreTable t = LocalScores.add(scores.get(e.getKey()), reference);
      double[] values = DecisionValues.of(calibration, t);
      boolean[] flagged = new boolean[values.length];
      for (int i = 0; i < values.length; i++) {
        flagged[i] = values[i] > calibration.threshold();
      }
      sets.put(
          e.getKey(),
          LocalisationMetrics.of(
              reference,
              t.maps(),
              e.getValue().changed(),
              e.getValue().touched(),
              t.findings(),
              flagged));
    }
    return new Localisation(located, reference, sets);
  }
}
