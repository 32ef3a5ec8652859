package io.flowspect.core.eval;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.calibration.DecisionValues;
import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.score.ScoreTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation protocol, as maths on scores: each candidate decision score is calibrated on one
 * half of the normal images at alpha, and judged on the other half against every anomalous set, so
 * that the realised false-positive rate is measured on images the threshold never saw.
 *
 * <p>Stateless.
 */
public final class Evaluation {

  private Evaluation() {}

  /**
   * Evaluates candidate decision scores.
   *
   * @param manifest the bundle's manifest
   * @param calibrationHalf scores of the normal images used to calibrate
   * @param normalHalf scores of the held-out normal images
   * @param anomalous scores of each named anomalous set
   * @param candidates the decision scores to evaluate
   * @param alpha target false-positive rate
   * @param local the local score's window and standardisation, used when the tables carry evidence
   *     maps
   * @return one result per candidate, in order
   */
  public static List<CandidateResult> run(
      Manifest manifest,
      ScoreTable calibrationHalf,
      ScoreTable normalHalf,
      Map<String, ScoreTable> anomalous,
      List<DecisionScore> candidates,
      double alpha,
      LocalSettings local) {
    return run(
        manifest, calibrationHalf, normalHalf, anomalous, candidates, alpha, local, Map.of());
  }

  /**
   * Evaluates candidate decision scores, also on named groups of images within anomalous sets.
   *
   * @param manifest the bundle's manifest
   * @param calibrationHalf scores of the normal images used to calibrate
   * @param normalHalf scores of the held-out normal images
   * @param anomalous scores of each named anomalous set
   * @param candidates the decision scores to evaluate
   * @param alpha target false-positive rate
   * @param local the local score's window and standardisation, used when the tables carry evidence
   *     maps
   * @param groups for some sets, named groups of row indices into the set's table (e.g. the defects
   *     of each severity); a group without rows is left out
   * @return one result per candidate, in order
   * @throws IllegalArgumentException if a group names a set that is not evaluated or a row outside
   *     its table
   */
  public static List<CandidateResult> run(
      Manifest manifest,
      ScoreTable calibrationHalf,
      ScoreTable normalHalf,
      Map<String, ScoreTable> anomalous,
      List<DecisionScore> candidates,
      double alpha,
      LocalSettings local,
      Map<String, Map<String, int[]>> groups) {
    for (Map.Entry<String, Map<String, int[]>> g : groups.entrySet()) {
      ScoreTable table = anomalous.get(g.getKey());
      if (table == null) {
        throw new IllegalArgumentException(
            "groups name set '" + g.getKey() + "', which is not evaluated");
      }
      for (Map.Entry<String, int[]> rows : g.getValue().entrySet()) {
        for (int r : rows.getValue()) {
          if (r < 0 || r >= table.size()) {
            throw new IllegalArgumentException(
                "group '"
                    + rows.getKey()
                    + "' of set '"
                    + g.getKey()
                    + "' names row "
                    + r
                    + "; the set has "
                    + table.size());
          }
        }
      }
    }
    List<CandidateResult> results = new ArrayList<>();
    for (DecisionScore candidate : candidates) {
      Calibration calibration =
          Calibrator.calibrate(
              manifest, calibrationHalf, candidate, alpha, "evaluation", null, local);
      double threshold = calibration.threshold();
      double[] normal = DecisionValues.of(calibration, normalHalf);
      Map<String, DetectionMetrics> metrics = new LinkedHashMap<>();
      Map<String, Double> tpr = new LinkedHashMap<>();
      Map<String, Map<String, DetectionMetrics>> groupMetrics = new LinkedHashMap<>();
      for (Map.Entry<String, ScoreTable> set : anomalous.entrySet()) {
        double[] values = DecisionValues.of(calibration, set.getValue());
        metrics.put(set.getKey(), DetectionMetrics.of(normal, values));
        tpr.put(set.getKey(), fractionAbove(values, threshold));
        Map<String, int[]> setGroups = groups.getOrDefault(set.getKey(), Map.of());
        if (!setGroups.isEmpty()) {
          Map<String, DetectionMetrics> byGroup = new LinkedHashMap<>();
          setGroups.forEach(
              (name, rows) -> {
                if (rows.length > 0) {
                  double[] picked = new double[rows.length];
                  for (int i = 0; i < rows.length; i++) {
                    picked[i] = values[rows[i]];
                  }
                  byGroup.put(name, DetectionMetrics.of(normal, picked));
                }
              });
          groupMetrics.put(set.getKey(), byGroup);
        }
      }
      results.add(
          new CandidateResult(
              candidate.id(),
              threshold,
              fractionAbove(normal, threshold),
              metrics,
              tpr,
              groupMetrics));
    }
    return results;
  }

  /**
   * Returns the fraction of values strictly above a threshold.
   *
   * @param values the values
   * @param threshold the threshold
   * @return a fraction in [0, 1]; 0 for no values
   */
  public static double fractionAbove(double[] values, double threshold) {
    if (values.length == 0) {
      return 0;
    }
    long above = 0;
    for (double v : values) {
      if (v > threshold) {
        above++;
      }
    }
    return (double) above / values.length;
  }
}
