package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.calibration.ConformalReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The frame decision's weighted Tippett over its local and global parts: its false-positive rate
 * holds at alpha whatever the parts' distributions, and each kind of evidence is flagged by its own
 * part.
 */
class FrameDecisionTest {

  @Test
  void theWeightsSpendTheWholeBudget() {
    double sum = 0;
    for (FrameDecision.Part p : FrameDecision.Part.values()) {
      sum += p.weight();
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
  }

  /**
   * Good frames drawn afresh 400 times: peaks of three different shapes (a heavy-tailed map peak, a
   * Gaussian too-likely peak, a half-normal likelihood distance), 160 frames to fit the parts, 200
   * to set the threshold at alpha 0.01, 200 to judge. The mean flagged share must be at most alpha
   * plus three standard errors of that mean, and the threshold must not be so loose that nothing is
   * ever flagged.
   */
  @Test
  void goodFramesAreFlaggedAtAlphaOnAverage() {
    SplittableRandom random = new SplittableRandom(7);
    double alpha = 0.01;
    int runs = 400;
    int tested = 200;
    double flagged = 0;
    for (int run = 0; run < runs; run++) {
      FrameDecision decision = FrameDecision.fit(peaks(random, 160));
      double[] scores = new double[200];
      List<FramePeaks> calibration = peaks(random, 200);
      for (int i = 0; i < scores.length; i++) {
        scores[i] = decision.score(calibration.get(i));
      }
      double threshold = ConformalReference.of(scores).threshold(alpha);
      for (FramePeaks p : peaks(random, tested)) {
        flagged += decision.score(p) > threshold ? 1 : 0;
      }
    }
    double rate = flagged / ((double) runs * tested);
    // Over calibration draws the rate is at most 1 / (n + 1) * floor(alpha (n + 1)) = 0.00995
    // with n = 200; its standard error over 400 runs is below 0.0005.
    assertThat(rate).isLessThanOrEqualTo(alpha + 0.0015).isGreaterThan(alpha / 2);
  }

  @Test
  void eachKindOfEvidenceIsFlaggedByItsOwnPart() {
    FrameDecision decision = FrameDecision.fit(peaks(new SplittableRandom(3), 160));
    FramePeaks typical = new FramePeaks(4.0, 2.5, 0.01);
    FramePeaks scratch = new FramePeaks(12.0, 2.5, 0.01);
    FramePeaks erased = new FramePeaks(4.0, 6.0, 0.01);
    FramePeaks wholeFrameOff = new FramePeaks(4.0, 2.5, 0.08);
    assertThat(decision.score(typical)).isLessThan(1.0);
    assertThat(decision.strongest(scratch)).isEqualTo(FrameDecision.Part.MAP);
    assertThat(decision.strongest(erased)).isEqualTo(FrameDecision.Part.TOO_LIKELY);
    assertThat(decision.strongest(wholeFrameOff)).isEqualTo(FrameDecision.Part.LIKELIHOOD);
    for (FramePeaks p : List.of(scratch, erased, wholeFrameOff)) {
      // Beyond every one of the 160 good frames: more than log10(160 / w) past typical.
      assertThat(decision.score(p)).as(p.toString()).isGreaterThan(2.5);
    }
  }

  @Test
  void aFrameTheModelCouldNotScoreGetsAFiniteScoreBeyondAllOthers() {
    FrameDecision decision = FrameDecision.fit(peaks(new SplittableRandom(5), 40));
    FramePeaks broken = new FramePeaks(Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE);
    double score = decision.score(broken);
    assertThat(score).isFinite().isGreaterThan(decision.score(new FramePeaks(50, 50, 5)));
  }

  /** Good frames' peaks: shapes unlike each other, as the three parts' are. */
  private static List<FramePeaks> peaks(SplittableRandom r, int n) {
    List<FramePeaks> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double map = 4 + 0.5 * Math.log(1 / (1 - r.nextDouble())) / 0.5; // exponential tail
      double tooLikely = 2.5 + 0.5 * gaussian(r);
      double likelihood = Math.abs(0.01 * gaussian(r));
      out.add(new FramePeaks(map, tooLikely, likelihood));
    }
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
