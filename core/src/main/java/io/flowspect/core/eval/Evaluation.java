package io.flowspect.core.eval;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.calibration.DecisionValues;
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
   * @param window side of the local score's window, used when the tables carry evidence maps
   * @return one result per candidate, in order
   */
  public static List<CandidateResult> run(
      Manifest manifest,
      ScoreTable calibrationHalf,
      ScoreTable normalHalf,
      Map<String, ScoreTable> anomalous,
      List<DecisionScore> candidates,
      double alpha,
      int window) {
    List<CandidateResult> results = new ArrayList<>();
    for (DecisionScore candidate : candidates) {
      Calibration calibration =
          Calibrator.calibrate(
              manifest, calibrationHalf, candidate, alpha, "evaluation", null, window);
      double threshold = calibration.threshold();
      double[] normal = DecisionValues.of(calibration, normalHalf);
      Map<String, DetectionMetrics> metrics = new LinkedHashMap<>();
      Map<String, Double> tpr = new LinkedHashMap<>();
      for (Map.Entry<String, ScoreTable> set : anomalous.entrySet()) {
        double[] values = DecisionValues.of(calibration, set.getValue());
        metrics.put(set.getKey(), DetectionMetrics.of(normal, values));
        tpr.put(set.getKey(), fractionAbove(values, threshold));
      }
      results.add(
          new CandidateResult(
              candidate.id(), threshold, fractionAbove(normal, threshold), metrics, tpr));
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
