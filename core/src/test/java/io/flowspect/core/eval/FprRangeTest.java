package io.flowspect.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FprRangeTest {

  @Test
  void betaBinomialWithFlatPriorIsUniform() {
    double[] cdf = FprRange.betaBinomialCdf(9, 1, 1);
    for (int x = 0; x <= 9; x++) {
      assertThat(cdf[x]).isCloseTo((x + 1) / 10.0, within(1e-12));
    }
  }

  @Test
  void betaBinomialMeanIsMTimesAOverAPlusB() {
    int m = 3000;
    double a = 30;
    double b = 2971;
    double[] cdf = FprRange.betaBinomialCdf(m, a, b);
    double mean = 0;
    for (int x = 0; x <= m; x++) {
      mean += x * (cdf[x] - (x == 0 ? 0 : cdf[x - 1]));
    }
    assertThat(mean).isCloseTo(m * a / (a + b), within(1e-6));
  }

  @Test
  void threeThousandEachWayAtOnePercentSpansAboutSixToFourteenPerMille() {
    FprRange r = FprRange.of(3000, 0.01, 3000, 0.9);
    assertThat(r.low()).isBetween(0.0055, 0.0070);
    assertThat(r.high()).isBetween(0.0135, 0.0150);
    assertThat(r.contains(0.0070)).isTrue();
    assertThat(r.contains(0.0037)).isFalse();
    assertThat(r.contains(0.010)).isTrue();
  }

  /**
   * The range is checked against the thing it predicts: many seeded calibrations of continuous
   * scores, each judged on fresh images. A binomial-only range (ignoring the threshold's own noise)
   * would cover about 75% here and fail.
   */
  @Test
  void coversTheRealisedRateOfRepeatedCalibrationsAtItsLevel() {
    int n = 400;
    int m = 400;
    double alpha = 0.05;
    FprRange range = FprRange.of(n, alpha, m, 0.9);
    int k = (int) Math.ceil((n + 1) * (1 - alpha) - 1e-9);
    SplittableRandom random = new SplittableRandom(7);
    int trials = 4000;
    int inside = 0;
    int below = 0;
    int above = 0;
    double[] calibration = new double[n];
    for (int t = 0; t < trials; t++) {
      for (int i = 0; i < n; i++) {
        calibration[i] = random.nextDouble();
      }
      Arrays.sort(calibration);
      double threshold = calibration[k - 1];
      int flagged = 0;
      for (int i = 0; i < m; i++) {
        if (random.nextDouble() > threshold) {
          flagged++;
        }
      }
      double realised = (double) flagged / m;
      if (range.contains(realised)) {
        inside++;
      } else if (realised < range.low()) {
        below++;
      } else {
        above++;
      }
    }
    assertThat((double) inside / trials).isBetween(0.88, 0.96);
    assertThat((double) below / trials).isBetween(0.015, 0.07);
    assertThat((double) above / trials).isBetween(0.015, 0.07);
  }

  @Test
  void tooFewCalibrationImagesGiveAnInfiniteThresholdAndNoFalsePositives() {
    FprRange r = FprRange.of(50, 0.01, 1000, 0.9);
    assertThat(r.low()).isZero();
    assertThat(r.high()).isZero();
  }

  @Test
  void rejectsMeaninglessArguments() {
    assertThatThrownBy(() -> FprRange.of(0, 0.01, 10, 0.9))
        .hasMessageContaining("calibrationSize must be at least 1, got 0");
    assertThatThrownBy(() -> FprRange.of(10, 1.0, 10, 0.9))
        .hasMessageContaining("alpha must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> FprRange.of(10, 0.1, 0, 0.9))
        .hasMessageContaining("heldOut must be at least 1, got 0");
    assertThatThrownBy(() -> FprRange.of(10, 0.1, 10, 1.0))
        .hasMessageContaining("level must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> new FprRange(0.2, 0.1, 0.9))
        .hasMessageContaining("need 0 <= low <= high <= 1, got low 0.2, high 0.1");
  }
}
