package io.flowspect.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  private static final Manifest MANIFEST =
      OnnxTestModels.sampleManifest(new InputSpec(1, 4, 4, ResizeMode.RESIZE));

  private static final DecisionScore BPD = DecisionScore.single(Score.BPD);

  @Test
  void reportsTheSplitsReadingItsChanceRangeAndTheMeanOverReSplits() {
    SplittableRandom random = new SplittableRandom(3);
    ScoreTable calibration = bpd(gaussian(random, 2000));
    ScoreTable normal = bpd(gaussian(random, 2000));
    ScoreTable anomalous = bpd(shifted(gaussian(random, 500), 3));

    List<CandidateResult> results =
        run(calibration, normal, Map.of("far", anomalous), List.of(BPD), 0.05, 200, 11);

    CandidateResult r = results.get(0);
    assertThat(r.expectedFpr()).isEqualTo(FprRange.of(2000, 0.05, 2000, 0.9));
    assertThat(r.expectedFpr().contains(r.realizedFpr())).isTrue();
    FprSpread spread = r.resplitFpr();
    assertThat(spread.splits()).isEqualTo(200);
    // Exchangeable halves: the re-splits' mean sits on alpha (its standard error is 0.0005 here).
    assertThat(spread.mean()).isCloseTo(0.05, within(0.002));
    // ... and their spread matches the beta-binomial range the single reading is held to.
    assertThat(spread.low()).isCloseTo(r.expectedFpr().low(), within(0.004));
    assertThat(spread.high()).isCloseTo(r.expectedFpr().high(), within(0.004));
    assertThat(r.metrics().get("far").auroc()).isGreaterThan(0.95);
  }

  @Test
  void reSplitsSeeAShiftBetweenHalvesThatNoSingleCalibrationCanFix() {
    SplittableRandom random = new SplittableRandom(5);
    // The held-out half is a little worse than the calibration half: the main split over-flags,
    // but re-splitting pools the halves, so its mean drops back towards alpha. The gap between
    // the two is how a drift between calibration and production data shows in a report.
    ScoreTable calibration = bpd(gaussian(random, 2000));
    ScoreTable normal = bpd(shifted(gaussian(random, 2000), 0.5));

    CandidateResult r =
        run(calibration, normal, Map.of("same", normal), List.of(BPD), 0.05, 100, 1).get(0);

    assertThat(r.realizedFpr()).isGreaterThan(r.expectedFpr().high());
    assertThat(r.resplitFpr().mean()).isBetween(0.04, 0.07);
  }

  @Test
  void aFisherDecisionIsHeldToTheRangeOfAllItsCalibrationImages() {
    SplittableRandom random = new SplittableRandom(13);
    ScoreTable calibration = twoScores(gaussian(random, 1000), gaussian(random, 1000));
    ScoreTable normal = twoScores(gaussian(random, 1000), gaussian(random, 1000));

    CandidateResult r =
        run(
                calibration,
                normal,
                Map.of("same", normal),
                List.of(DecisionScore.parse("fisher:bpd+complexity")),
                0.05,
                50,
                1)
            .get(0);

    // Fisher's statistic is calibrated on every calibration image, each judged against the
    // others, so chance spreads its reading as for 1,000 images, not for a half of them.
    assertThat(r.expectedFpr()).isEqualTo(FprRange.of(1000, 0.05, 1000, 0.9));
    assertThat(r.resplitFpr().mean()).isCloseTo(0.05, within(0.01));
  }

  @Test
  void noReSplitsWhenNoneAreAsked() {
    SplittableRandom random = new SplittableRandom(9);
    CandidateResult r =
        run(
                bpd(gaussian(random, 100)),
                bpd(gaussian(random, 100)),
                Map.of("x", bpd(gaussian(random, 10))),
                List.of(BPD),
                0.1,
                0,
                1)
            .get(0);
    assertThat(r.resplitFpr().measured()).isFalse();
    assertThatThrownBy(
            () ->
                run(
                    bpd(gaussian(random, 100)),
                    bpd(gaussian(random, 100)),
                    Map.of(),
                    List.of(BPD),
                    0.1,
                    -1,
                    1))
        .hasMessageContaining("resplits must be >= 0, got -1");
  }

  private static List<CandidateResult> run(
      ScoreTable calibration,
      ScoreTable normal,
      Map<String, ScoreTable> anomalous,
      List<DecisionScore> candidates,
      double alpha,
      int resplits,
      long seed) {
    return Evaluation.run(
        MANIFEST,
        calibration,
        normal,
        anomalous,
        candidates,
        alpha,
        LocalSettings.DEFAULT,
        Map.of(),
        resplits,
        seed);
  }

  private static ScoreTable bpd(double[] values) {
    return new ScoreTable(values.length, Map.of(Score.BPD, values), null);
  }

  private static ScoreTable twoScores(double[] bpd, double[] complexity) {
    return new ScoreTable(bpd.length, Map.of(Score.BPD, bpd, Score.COMPLEXITY, complexity), null);
  }

  private static double[] gaussian(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double u1 = 1 - random.nextDouble();
      double u2 = random.nextDouble();
      v[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    return v;
  }

  private static double[] shifted(double[] v, double by) {
    double[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += by;
    }
    return out;
  }
}
