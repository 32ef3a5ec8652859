package io.flowspect.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdPreviewTest {

  @Test
  void shouldCountTheNormalScoresStrictlyAboveTheThreshold() {
    ConformalReference ref = ConformalReference.of(new double[] {3, 1, 2, 2, 5});
    // sorted 1 2 2 3 5, n = 5
    ThresholdPreview atTwo = ref.preview(2);
    assertThat(atTwo.flagged()).isEqualTo(2); // 3 and 5; the 2s are not above
    assertThat(atTwo.falsePositiveRate()).isEqualTo(2.0 / 5);
    assertThat(atTwo.alpha()).isEqualTo(3.0 / 6);
    assertThat(atTwo.n()).isEqualTo(5);
    assertThat(atTwo.threshold()).isEqualTo(2);
    assertThat(ref.preview(5).falsePositiveRate()).isZero();
    assertThat(ref.preview(5).alpha()).isEqualTo(1.0 / 6);
    assertThat(ref.preview(0.5).falsePositiveRate()).isEqualTo(1.0);
  }

  @Test
  void shouldMatchTheDecisionsOfTheConformalThreshold() {
    SplittableRandom random = new SplittableRandom(3);
    double[] scores = new double[999];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextGaussian();
    }
    ConformalReference ref = ConformalReference.of(scores);
    for (double alpha : new double[] {0.001, 0.01, 0.05, 0.2}) {
      double t = ref.threshold(alpha);
      ThresholdPreview p = ref.preview(t);
      long flagged = java.util.Arrays.stream(scores).filter(s -> s > t).count();
      assertThat(p.flagged()).isEqualTo(flagged);
      assertThat(p.falsePositiveRate()).isEqualTo((double) flagged / 999);
      // The alpha a threshold implies never exceeds the alpha it was computed for, and images
      // above it are exactly those with p-values at most that alpha.
      assertThat(p.alpha()).isLessThanOrEqualTo(alpha);
      assertThat(ref.pValue(Math.nextUp(t))).isEqualTo(p.alpha());
    }
  }

  @Test
  void shouldNotApplyAThresholdBelowEveryNormalScore() {
    ConformalReference ref = ConformalReference.of(new double[] {1, 2, 3});
    assertThat(ref.preview(0.99).applicable()).isFalse();
    assertThat(ref.preview(1).applicable()).isTrue();
    assertThatThrownBy(() -> ref.preview(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> ref.preview(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
