package io.flowspect.trainer.gaussianization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.local.Probit;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.FittedNetwork;
import io.flowspect.trainer.train.Evaluator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Gaussianization flow's own arithmetic: its eigenvectors and quantiles, what its fit reports
 * against what the exported forward pass computes, that rotations capture correlation, and that its
 * density sums to one over every 8-bit value.
 */
class GaussianizationTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void eigenvectorsDiagonaliseASymmetricMatrixAndAreOrthonormal() {
    SplittableRandom random = new SplittableRandom(3);
    int n = 12;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        a[i][j] = a[j][i] = random.nextDouble() - 0.5 + (i == j ? i : 0);
      }
    }
    double[][] v = SymmetricEigen.vectors(a);
    double previous = Double.POSITIVE_INFINITY;
    for (int p = 0; p < n; p++) {
      for (int q = 0; q < n; q++) {
        double dot = 0;
        double av = 0;
        for (int i = 0; i < n; i++) {
          dot += v[i][p] * v[i][q];
          for (int j = 0; j < n; j++) {
            av += v[i][p] * a[i][j] * v[j][q];
          }
        }
        assertThat(dot).as("v_%d . v_%d", p, q).isCloseTo(p == q ? 1 : 0, within(1e-10));
        if (p != q) {
          assertThat(av).as("off-diagonal %d %d", p, q).isCloseTo(0, within(1e-9));
        } else {
          assertThat(av).as("eigenvalues decrease").isLessThanOrEqualTo(previous + 1e-12);
          previous = av;
        }
      }
    }
  }

  @Test
  void normalQuantileMatchesTheTables() {
    assertThat(Probit.quantile(0.975)).isCloseTo(1.959963985, within(1e-8));
    assertThat(Probit.quantile(0.5)).isCloseTo(0, within(1e-12));
    assertThat(Probit.quantile(1e-5)).isCloseTo(-4.264890794, within(1e-7));
    assertThat(Probit.quantile(0.2)).isCloseTo(-Probit.quantile(0.8), within(1e-12));
  }

  @Test
  void automaticBlocksAreTwoGridsThatDoNotCoincide() {
    assertThat(GaussianizationConfig.automatic(input(1, 28, 28))).containsExactly(7, 4);
    assertThat(GaussianizationConfig.automatic(input(3, 64, 64))).containsExactly(8, 4);
    assertThat(GaussianizationConfig.automatic(input(1, 2, 2))).containsExactly(2);
  }

  /**
   * The fit reports bits/dim from its own double-precision map; the trainer's evaluation runs the
   * exported forward pass. They must agree, and the rotations must beat the marginals alone on
   * strongly correlated pixels.
   */
  @Test
  void fitReportsWhatTheExportedForwardPassComputesAndRotationsCaptureCorrelation() {
    InputSpec in = input(1, 4, 4);
    GaussianizationFlow flow = flow(in, 8, 16, List.of(4, 2));
    List<ImageRecord> train = correlated(in, 800, 1);
    List<ImageRecord> validation = correlated(in, 200, 2);
    try (ParamStore params = ParamStore.initialise(flow.parameters(), 1)) {
      FittedNetwork.Fit fit = flow.fit(params, train, validation, 7, Duration.ZERO, QUIET);
      assertThat(fit.keptStages()).isBetween(2, 8);
      FittedNetwork.Stage last = fit.stages().get(fit.stages().size() - 1);
      GaussianizationFlow all = flow(in, fit.stages().size(), 16, List.of(4, 2));
      assertThat(Evaluator.meanBitsPerDim(all, params, validation, 64))
          .isCloseTo(last.validationBpd(), within(1e-4));
      double marginalsOnly = fit.stages().get(0).validationBpd();
      double kept = fit.stages().get(fit.keptStages() - 1).validationBpd();
      assertThat(kept).isLessThan(marginalsOnly - 0.3);
    }
  }

  /** Fitted on one pixel, p(x) at the bin centres of all 256 values sums to one. */
  @Test
  void densityOfOnePixelSumsToOneOverItsValues() {
    InputSpec in = input(1, 1, 1);
    GaussianizationFlow flow = flow(in, 3, 16, List.of(1));
    SplittableRandom random = new SplittableRandom(5);
    List<ImageRecord> train = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double centre = random.nextBoolean() ? 70 : 180;
      int v = (int) Math.round(centre + 22 * gaussian(random));
      train.add(new ImageRecord("p" + i, new byte[] {(byte) Math.max(0, Math.min(255, v))}));
    }
    List<ImageRecord> all = new ArrayList<>();
    for (int v = 0; v < 256; v++) {
      all.add(new ImageRecord("v" + v, new byte[] {(byte) v}));
    }
    try (ParamStore params = ParamStore.initialise(flow.parameters(), 1)) {
      FittedNetwork.Fit fit =
          flow.fit(
              params, train.subList(0, 2500), train.subList(2500, 3000), 3, Duration.ZERO, QUIET);
      GaussianizationFlow kept = flow(in, fit.keptStages(), 16, List.of(1));
      double sum = 0;
      for (double lp : Evaluator.logPx(kept, params, all, 256)) {
        sum += Math.exp(lp);
      }
      assertThat(sum).isCloseTo(1.0, within(0.02));
    }
  }

  private static GaussianizationFlow flow(
      InputSpec in, int layers, int bins, List<Integer> blocks) {
    return new GaussianizationFlow(new GaussianizationConfig(in, layers, bins, blocks));
  }

  private static InputSpec input(int channels, int height, int width) {
    return new InputSpec(channels, height, width, ResizeMode.RESIZE);
  }

  /** Images whose pixels share a brightness and a left-to-right slope, plus a little noise. */
  private static List<ImageRecord> correlated(InputSpec in, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ImageRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = gaussian(random);
      double b = gaussian(random);
      byte[] chw = new byte[in.dims()];
      for (int r = 0; r < in.height(); r++) {
        for (int c = 0; c < in.width(); c++) {
          double v = 128 + 45 * a + 15 * b * (c - 1.5) + 4 * gaussian(random);
          chw[r * in.width() + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
      out.add(new ImageRecord("c" + i, chw));
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    return io.flowspect.trainer.graph.ParamSpec.gaussian(random);
  }
}
