package io.flowspect.service.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.service.support.TestBundles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  private static Calibration calibration;

  @BeforeAll
  static void read() {
    calibration = CalibrationFile.read(Bundle.open(TestBundles.made())).orElseThrow();
  }

  @Test
  void shouldRecomputeTheConformalThresholdForANewAlpha() {
    Calibration c = Thresholds.withAlpha(calibration, 0.1);
    // n = 500: the ceil(501 * 0.9) = 451st smallest normal value.
    assertThat(c.threshold()).isEqualTo(calibration.decisionReference().sorted()[450]);
    assertThat(c.alpha()).isEqualTo(0.1);
    assertThat(c.references()).isEqualTo(calibration.references());
    assertThat(c.decisionReference()).isEqualTo(calibration.decisionReference());
    // The stored threshold is the one calibrate computed for the stored alpha.
    assertThat(Thresholds.withAlpha(calibration, calibration.alpha()).threshold())
        .isEqualTo(calibration.threshold());
  }

  @Test
  void shouldRefuseAnAlphaTheCalibrationCannotReach() {
    // 1 / 501 is the smallest p-value of 500 normal images.
    assertThat(Thresholds.withAlpha(calibration, 1.0 / 501).threshold()).isFinite();
    assertThatThrownBy(() -> Thresholds.withAlpha(calibration, 0.001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("500 normal images")
        .hasMessageContaining("at least 999");
    assertThatThrownBy(() -> Thresholds.withAlpha(calibration, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldImplyTheAlphaOfAChosenThresholdSoThatDecisionsMatchPValues() {
    ConformalReference ref = calibration.decisionReference();
    double t = ref.sorted()[480];
    Calibration c = Thresholds.withThreshold(calibration, t);
    // 19 normal values lie above the 481st smallest (no ties in these scores).
    assertThat(c.alpha()).isEqualTo(20.0 / 501);
    assertThat(c.threshold()).isEqualTo(t);
    for (double v : ref.sorted()) {
      assertThat(v > c.threshold()).isEqualTo(ref.pValue(v) <= c.alpha());
    }
    assertThatThrownBy(() -> Thresholds.withThreshold(calibration, ref.sorted()[0] - 1))
        .hasMessageContaining("every image would be anomalous");
    assertThatThrownBy(() -> Thresholds.withThreshold(calibration, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
