package io.flowspect.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.eval.RocCurve;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RocChartTest {

  @Test
  void perfectCurveRunsUpTheLeftAndAlongTheTop() {
    RocCurve perfect = RocCurve.of(new double[] {1, 2, 3}, new double[] {4, 5, 6});

    BufferedImage image =
        Pixels.decode(RocChart.titled("ROC").curve("perfect", perfect).size(600, 600).png());

    assertThat(image.getWidth()).isEqualTo(600);
    assertThat(image.getHeight()).isEqualTo(600);
    // The blue curve follows the top and left edges of the plot, so the top-left quadrant of the
    // picture holds much of it; the bottom-right one only the legend's short line sample.
    assertThat(Pixels.bluish(image, 0, 0, 300, 300)).isGreaterThan(400);
    assertThat(Pixels.bluish(image, 300, 300, 600, 600)).isLessThan(150);
  }

  @Test
  void legendShowsTheAreaToFourDecimals() {
    // the 3-vs-3 example with a tie from RocCurveTest: area 13/18 = 0.72222...
    RocCurve roc = RocCurve.of(new double[] {0.5, 0.2, 0.7}, new double[] {0.9, 0.5, 0.6});

    assertThat(RocChart.legendText("bits/dim", roc)).isEqualTo("bits/dim (AUROC 0.7222)");
  }

  @Test
  void severalCurvesRender() {
    RocCurve a = RocCurve.of(new double[] {1, 2, 3}, new double[] {2, 4, 5});
    RocCurve b = RocCurve.of(new double[] {1, 2, 3}, new double[] {0, 1, 2});

    BufferedImage image = RocChart.titled("").curve("a", a).curve("b", b).render();

    assertThat(image.getWidth()).isEqualTo(620);
    assertThat(Pixels.orangish(image, 0, 0, 620, 620)).isGreaterThan(100);
  }

  @Test
  void duplicateNamesAreRefused() {
    RocCurve roc = RocCurve.of(new double[] {1}, new double[] {2});
    assertThatThrownBy(() -> RocChart.titled("t").curve("x", roc).curve("x", roc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("curve name must be unique and not null, got x");
  }
}
