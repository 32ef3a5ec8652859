package io.flowspect.core.eval;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.calibration.DecisionValues;
import io.flowspect.core.data.DataSplit;
import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
   * @param resplits how many times to re-split the pooled normal scores at random and measure the
   *     realised false-positive rate again ({@link FprSpread}); 0 for none
   * @param seed the re-splits' seed
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
      Map<String, Map<String, int[]>> groups,
      int resplits,
      long seed) {
    if (resplits < 0) {
      throw new IllegalArgumentException("resplits must be >= 0, got " + resplits);
    }
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
              FprRange.of(
                  calibration.decisionReference().n(),
                  alpha,
                  normal.length,
                  FprRange.DEFAULT_LEVEL),
              resplit(
                  manifest, calibrationHalf, normalHalf, candidate, alpha, local, resplits, seed),
              metrics,
              tpr,
              groupMetrics));
    }
    return results;
  }

  /**
   * Measures a decision's realised false-positive rate over random re-splits: both halves are
   * pooled, shuffled, and cut again into halves of the original sizes; each cut is calibrated and
   * judged exactly as the main split is. No model runs: the scores are reused.
   *
   * @param manifest the bundle's manifest
   * @param calibrationHalf scores of the normal images used to calibrate
   * @param normalHalf scores of the held-out normal images
   * @param decision the decision score
   * @param alpha target false-positive rate
   * @param local the local score's settings
   * @param splits how many re-splits; 0 for none
   * @param seed the shuffles' seed
   * @return the readings' mean and spread
   */
  public static FprSpread resplit(
      Manifest manifest,
      ScoreTable calibrationHalf,
      ScoreTable normalHalf,
      DecisionScore decision,
      double alpha,
      LocalSettings local,
      int splits,
      long seed) {
    if (splits == 0) {
      return FprSpread.none();
    }
    ScoreTable pooled =
        ScoreTable.concat(List.of(calibrationHalf, normalHalf), calibrationHalf.scores());
    if (!decision.components().contains(Score.LOCAL)) {
      // Without local the maps decide nothing: leave them out so that no split fits map
      // statistics and local scores only to throw them away.
      pooled = new ScoreTable(pooled.size(), pooled.columns(), null);
    }
    int n = pooled.size();
    int calibrate = calibrationHalf.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] readings = new double[splits];
    for (int r = 0; r < splits; r++) {
      DataSplit.shuffle(order, random);
      Calibration calibration =
          Calibrator.calibrate(
              manifest,
              pooled.select(Arrays.copyOfRange(order, 0, calibrate)),
              decision,
              alpha,
              "evaluation",
              null,
              local);
      double[] judged =
          DecisionValues.of(calibration, pooled.select(Arrays.copyOfRange(order, calibrate, n)));
      readings[r] = fractionAbove(judged, calibration.threshold());
    }
    return FprSpread.of(readings);
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
