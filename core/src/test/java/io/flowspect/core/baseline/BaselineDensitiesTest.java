package io.flowspect.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselineDensitiesTest {

  @Test
  void independentPixelsAreAddOneCountsPerSubPixel() {
    List<byte[]> train = List.of(new byte[] {0, 7}, new byte[] {0, (byte) 200}, new byte[] {5, 7});
    IndependentPixels density = IndependentPixels.fit(train, 2);
    double[] logPx = density.logPx(List.of(new byte[] {0, 7}, new byte[] {9, (byte) 255}));
    // sub-pixel 0 saw 0 twice, sub-pixel 1 saw 7 twice; N + 256 = 259
    assertThat(logPx[0]).isCloseTo(2 * Math.log(3.0 / 259), within(1e-12));
    assertThat(logPx[1]).isCloseTo(2 * Math.log(1.0 / 259), within(1e-12));
    assertThatThrownBy(() -> density.logPx(List.of(new byte[3])))
        .hasMessageContaining("image 0 has 3 sub-pixels, the density takes 2");
  }

  /** Images drawn from a known low-rank Gaussian, quantised to 8 bits. */
  private static List<byte[]> lowRankImages(int n, long seed, double[][] w, double sigma) {
    SplittableRandom random = new SplittableRandom(seed);
    int d = w.length;
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double z0 = gaussian(random);
      double z1 = gaussian(random);
      byte[] x = new byte[d];
      for (int j = 0; j < d; j++) {
        double y = 0.5 + w[j][0] * z0 + w[j][1] * z1 + sigma * gaussian(random);
        x[j] = (byte) Math.max(0, Math.min(255, (int) Math.floor(y * 256)));
      }
      out.add(x);
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Test
  void ppcaRecoversALowRankGaussianAndScoresItWithTheFullCovariance() {
    int d = 12;
    double[][] w = new double[d][2];
    for (int j = 0; j < d; j++) {
      w[j][0] = 0.08 * Math.cos(j);
      w[j][1] = 0.05 * Math.sin(2 * j);
    }
    double sigma = 0.02;
    List<byte[]> train = lowRankImages(20_000, 1, w, sigma);
    ProbabilisticPca ppca = ProbabilisticPca.fit(train, d, 2, 300, 7);
    // the fitted noise variance is the true one plus the 8-bit quantisation's (1 / (12 * 256^2))
    assertThat(ppca.noiseVariance())
        .isCloseTo(sigma * sigma + 1.0 / (12 * 256 * 256), within(0.05 * sigma * sigma));

    // scored through the q x q identities, as through the full D x D covariance
    List<byte[]> test = lowRankImages(50, 2, w, sigma);
    double[] fast = ppca.logPx(test);
    double[][] c = new double[d][d];
    double[] mean = new double[d];
    for (byte[] x : train) {
      for (int j = 0; j < d; j++) {
        mean[j] += ((x[j] & 0xFF) + 0.5) / 256 / train.size();
      }
    }
    double[][] fittedW = ppca.loadings();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        c[i][j] = fittedW[i][0] * fittedW[j][0] + fittedW[i][1] * fittedW[j][1];
      }
      c[i][i] += ppca.noiseVariance();
    }
    Cholesky chol = Cholesky.of(c);
    double[][] inv = chol.inverse();
    for (int n = 0; n < test.size(); n++) {
      double[] r = new double[d];
      for (int j = 0; j < d; j++) {
        r[j] = ((test.get(n)[j] & 0xFF) + 0.5) / 256 - mean[j];
      }
      double quad = 0;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          quad += r[i] * inv[i][j] * r[j];
        }
      }
      double full = -0.5 * (d * Math.log(2 * Math.PI) + chol.logDet() + quad) - d * Math.log(256);
      assertThat(fast[n]).as("image %d", n).isCloseTo(full, within(1e-8));
    }
  }

  @Test
  void ppcaRanksOffSubspaceImagesBelowOnSubspaceOnes() {
    int d = 12;
    double[][] w = new double[d][2];
    for (int j = 0; j < d; j++) {
      w[j][0] = 0.08 * Math.cos(j);
      w[j][1] = 0.05 * Math.sin(2 * j);
    }
    ProbabilisticPca ppca = ProbabilisticPca.fit(lowRankImages(5_000, 3, w, 0.02), d, 2, 100, 7);
    double[] on = ppca.logPx(lowRankImages(200, 4, w, 0.02));
    double[][] other = new double[d][2];
    for (int j = 0; j < d; j++) {
      other[j][0] = 0.08 * Math.sin(3 * j);
      other[j][1] = 0.05 * Math.cos(5 * j);
    }
    double[] off = ppca.logPx(lowRankImages(200, 5, other, 0.02));
    assertThat(java.util.Arrays.stream(on).average().orElseThrow())
        .isGreaterThan(java.util.Arrays.stream(off).average().orElseThrow() + 10);
  }
}
