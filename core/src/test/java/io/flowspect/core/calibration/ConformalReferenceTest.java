package io.flowspect.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConformalReferenceTest {

  @Test
  void pValueCountsCalibrationScoresAtOrAbove() {
    ConformalReference ref = ConformalReference.of(new double[] {3, 1, 2, 2, 5});
    // sorted 1 2 2 3 5, n = 5
    assertThat(ref.pValue(6)).isEqualTo(1.0 / 6);
    assertThat(ref.pValue(5)).isEqualTo(2.0 / 6);
    assertThat(ref.pValue(2)).isEqualTo(5.0 / 6);
    assertThat(ref.pValue(2.5)).isEqualTo(3.0 / 6);
    assertThat(ref.pValue(-10)).isEqualTo(1.0);
  }

  @Test
  void thresholdIsTheConformalOrderStatistic() {
    double[] scores = new double[99];
    for (int i = 0; i < 99; i++) {
      scores[i] = 99 - i; // 1..99
    }
    ConformalReference ref = ConformalReference.of(scores);
    // k = ceil(100 * 0.9) = 90 -> the 90th smallest, 90
    assertThat(ref.threshold(0.1)).isEqualTo(90);
    // k = ceil(100 * 0.99) = 99 -> 99
    assertThat(ref.threshold(0.01)).isEqualTo(99);
    // k = ceil(100 * 0.995) = 100 > n: nothing can be flagged
    assertThat(ref.threshold(0.005)).isInfinite();
  }

  @Test
  void flaggingAboveTheThresholdIsFlaggingPValuesAtMostAlpha() {
    SplittableRandom random = new SplittableRandom(7);
    double[] scores = new double[500];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextDouble();
    }
    ConformalReference ref = ConformalReference.of(scores);
    double alpha = 0.05;
    double threshold = ref.threshold(alpha);
    for (int i = 0; i < 10_000; i++) {
      double s = random.nextDouble() * 1.2;
      assertThat(s > threshold).isEqualTo(ref.pValue(s) <= alpha);
    }
  }

  @Test
  void realisedFalsePositiveRateOnExchangeableDataIsNearAlpha() {
    SplittableRandom random = new SplittableRandom(11);
    double[] calibration = new double[4999];
    for (int i = 0; i < calibration.length; i++) {
      calibration[i] = gaussian(random);
    }
    double threshold = ConformalReference.of(calibration).threshold(0.01);
    int flagged = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      if (gaussian(random) > threshold) {
        flagged++;
      }
    }
    assertThat((double) flagged / n).isBetween(0.007, 0.013);
  }

  @Test
  void largeReferencesKeepASketchWithCloseAnswers() {
    SplittableRandom random = new SplittableRandom(3);
    double[] scores = new double[250_000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = gaussian(random);
    }
    ConformalReference sketch = ConformalReference.of(scores);
    assertThat(sketch.isSketch()).isTrue();
    assertThat(sketch.n()).isEqualTo(250_000);
    assertThat(sketch.sorted()).hasSize(ConformalReference.SKETCH_POINTS);
    // Standard normal: P(X >= 2.326) = 0.01, the 99% quantile is 2.326.
    assertThat(sketch.pValue(2.326)).isCloseTo(0.01, within(0.001));
    assertThat(sketch.threshold(0.01)).isCloseTo(2.326, within(0.03));
    assertThat(sketch.pValue(100)).isEqualTo(1.0 / 250_001);
    assertThat(sketch.pValue(-100)).isEqualTo(1.0);
  }

  @Test
  void refusesNaNAndEmptyInput() {
    assertThatThrownBy(() -> ConformalReference.of(new double[0]))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> ConformalReference.of(new double[] {1, Double.NaN}))
        .hasMessageContaining("score 1")
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> ConformalReference.of(new double[] {1}).threshold(1))
        .hasMessageContaining("alpha");
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
