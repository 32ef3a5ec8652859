package io.flowspect.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistogramChartTest {

  @Test
  void separatedSamplesFillOppositeHalves() {
    Random random = new Random(1);
    double[] normal = new double[2000];
    double[] anomalous = new double[2000];
    for (int i = 0; i < 2000; i++) {
      normal[i] = random.nextGaussian();
      anomalous[i] = random.nextGaussian() + 10;
    }

    BufferedImage image =
        Pixels.decode(
            HistogramChart.titled("Scores")
                .xLabel("bits/dim")
                .sample("normal", normal)
                .sample("anomalous", anomalous)
                .size(800, 480)
                .png());

    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(480);
    int leftBlue = Pixels.bluish(image, 0, 0, 400, 480);
    int rightBlue = Pixels.bluish(image, 400, 0, 800, 480);
    int leftOrange = Pixels.orangish(image, 0, 0, 400, 480);
    int rightOrange = Pixels.orangish(image, 400, 0, 800, 480);
    // the normal sample (blue) sits left of the midpoint, the anomalous one (orange) right of it;
    // only the small legend swatches may put a colour in the other half
    assertThat(leftBlue).isGreaterThan(5000);
    assertThat(rightOrange).isGreaterThan(5000);
    assertThat(rightBlue).isLessThan(400);
    assertThat(leftOrange).isLessThan(400);
  }

  @Test
  void outliersAndInfinitiesAreClippedToThePercentileRange() {
    // 2000 pooled values: 0..1997, 1e9 and +Infinity. Order statistics: lower at
    // floor(0.005 * 1999) = 9, upper at ceil(0.995 * 1999) = 1990.
    double[] values = new double[2000];
    for (int i = 0; i < 1998; i++) {
      values[i] = i;
    }
    values[1998] = 1e9;
    values[1999] = Double.POSITIVE_INFINITY;
    HistogramChart chart = HistogramChart.titled("").xLabel("nats").sample("all", values).bins(10);

    HistogramChart.Binning binning = chart.binning();

    assertThat(binning.lo()).isEqualTo(9);
    assertThat(binning.hi()).isEqualTo(1990);
    assertThat(binning.below()).isEqualTo(9); // 0..8
    assertThat(binning.above()).isEqualTo(9); // 1991..1997, 1e9, +inf
    // bin width 198.1: the first bin holds 0..207 (208 values), the last 1791.9.. and the 9 above
    assertThat(binning.fractions().get(0)[0]).isCloseTo(208 / 2000.0, within(1e-12));
    assertThat(binning.fractions().get(0)[9]).isCloseTo((1998 - 1792 + 2) / 2000.0, within(1e-12));
    assertThat(chart.axisLabel(binning))
        .isEqualTo(
            "nats (clipped to the 0.5\u201399.5 percentile range: 9 below, 9 above, counted in"
                + " the end bins)");
    assertThat(chart.png()).isNotEmpty();
  }

  @Test
  void thresholdWidensTheRangeAndSmallSamplesAreNotClipped() {
    HistogramChart chart =
        HistogramChart.titled("t").sample("a", new double[] {1, 2, 3}).threshold(7.5, "threshold");

    HistogramChart.Binning binning = chart.binning();

    assertThat(binning.lo()).isEqualTo(1);
    assertThat(binning.hi()).isEqualTo(7.5);
    assertThat(binning.below() + binning.above()).isZero();
    assertThat(chart.axisLabel(binning)).isEqualTo("score");
  }

  @Test
  void writesADecodablePng(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/hist.png");

    HistogramChart.titled("One value")
        .sample("x", new double[] {4, 4, 4})
        .size(300, 200)
        .write(file);

    BufferedImage image = Pixels.decode(Files.readAllBytes(file));
    assertThat(image.getWidth()).isEqualTo(300);
    assertThat(image.getHeight()).isEqualTo(200);
  }

  @Test
  void preconditionsNameTheArgument() {
    assertThatThrownBy(
            () -> HistogramChart.titled("t").sample("normal", new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample 'normal' [1] is NaN");
    assertThatThrownBy(() -> HistogramChart.titled("t").bins(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bins must be in 1..1000, got 0");
    assertThatThrownBy(() -> HistogramChart.titled("t").render())
        .isInstanceOf(IllegalStateException.class);
  }
}
