package io.flowspect.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.LocalSettings;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibratorTest {

  private static final Manifest MANIFEST =
      OnnxTestModels.sampleManifest(new InputSpec(1, 4, 4, ResizeMode.RESIZE));

  @Test
  void aGlobalDecisionIsCalibratedOnEveryImageAndLocalOnTheImagesTheMapsNeverSaw() {
    ScoreTable normal = withMaps(400, 1);

    Calibration c = calibrate(normal, DecisionScore.single(Score.BPD));

    assertThat(c.n()).isEqualTo(400);
    assertThat(c.decisionReference().n()).isEqualTo(400);
    double[] bpd = normal.column(Score.BPD).clone();
    Arrays.sort(bpd);
    // ceil(401 * 0.95) = 381st smallest of all 400, set-aside quarter included
    assertThat(c.threshold()).isEqualTo(bpd[380]);
    assertThat(c.maps().n()).isEqualTo(100);
    assertThat(c.references().get("local").n()).isEqualTo(300);
  }

  @Test
  void aDecisionThatUsesLocalIsCalibratedOnTheImagesTheMapsNeverSaw() {
    Calibration c = calibrate(withMaps(400, 2), DecisionScore.parse("fisher:bpd+local"));

    assertThat(c.n()).isEqualTo(300);
    assertThat(c.maps().n()).isEqualTo(100);
    // Every unseen image gives the components' references and, judged against the others, the
    // combined statistic's.
    assertThat(c.references().get("local").n()).isEqualTo(300);
    assertThat(c.decisionReference().n()).isEqualTo(300);
  }

  /**
   * A combined statistic calibrated on the images that also give its components' references, each
   * judged against the others: over 300 fresh draws of 400 calibration and 400 test images (one
   * Gaussian score, one heavy-tailed), the mean false-positive rate must stay at alpha (0.05; at
   * most floor(0.05 * 401) / 401 = 0.0499 for an exact conformal threshold) within three standard
   * errors of that mean (0.0006), and not fall far below it.
   */
  @Test
  void aCombinationCalibratedOnItsOwnReferencesKeepsItsFalsePositiveRate() {
    for (String spec : new String[] {"fisher:bpd+complexity", "tippett:bpd+complexity*0.2"}) {
      DecisionScore decision = DecisionScore.parse(spec);
      SplittableRandom random = new SplittableRandom(17);
      double flagged = 0;
      int runs = 300;
      int n = 400;
      for (int run = 0; run < runs; run++) {
        Calibration c = calibrate(twoScores(n, random), decision);
        assertThat(c.decisionReference().n()).isEqualTo(n);
        double[] values = DecisionValues.of(c, twoScores(n, random));
        for (double v : values) {
          flagged += v > c.threshold() ? 1 : 0;
        }
      }
      double rate = flagged / ((double) runs * n);
      assertThat(rate).as(spec).isLessThanOrEqualTo(0.0499 + 0.0018).isGreaterThan(0.04);
    }
  }

  /** Exchangeable normal images: a Gaussian bpd and a heavy-tailed (Pareto) complexity. */
  private static ScoreTable twoScores(int n, SplittableRandom random) {
    double[] bpd = new double[n];
    double[] complexity = new double[n];
    for (int i = 0; i < n; i++) {
      bpd[i] =
          Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
              * Math.cos(2 * Math.PI * random.nextDouble());
      complexity[i] = Math.pow(1 - random.nextDouble(), -1 / 1.5);
    }
    return new ScoreTable(
        n, Map.of(Score.BPD, bpd, Score.COMPLEXITY, complexity), null, null, null);
  }

  private static Calibration calibrate(ScoreTable normal, DecisionScore decision) {
    return Calibrator.calibrate(
        MANIFEST, normal, decision, 0.05, "sha256:test", null, LocalSettings.DEFAULT);
  }

  /** Random 4 x 4 evidence maps and an unrelated bpd column. */
  private static ScoreTable withMaps(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] values = new float[n][16];
    double[] bpd = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 16; j++) {
        values[i][j] = (float) random.nextDouble();
      }
      bpd[i] = random.nextDouble();
    }
    return new ScoreTable(
        n, Map.of(Score.BPD, bpd), null, new EvidenceMaps(MapKind.PIXEL_NLL, 4, 4, values), null);
  }
}
