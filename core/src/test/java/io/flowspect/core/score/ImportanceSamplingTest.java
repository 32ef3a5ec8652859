package io.flowspect.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.onnx.LatentResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImportanceSamplingTest {

  @Test
  void boundsFromHandComputedWeights() {
    float[] w = {-10f, -12f, -11f};
    assertThat(ImportanceSampling.elbo(w, 3)).isCloseTo(-11.0, within(1e-12));
    double expected = Math.log((Math.exp(-10) + Math.exp(-12) + Math.exp(-11)) / 3);
    assertThat(ImportanceSampling.iwae(w, 3)).isCloseTo(expected, within(1e-12));
    assertThat(ImportanceSampling.iwae(w, 1)).isEqualTo(-10.0);
    assertThat(ImportanceSampling.elbo(w, 2)).isCloseTo(-11.0, within(1e-12));
  }

  @Test
  void iwaeStaysFiniteForWeightsFarBelowExpsRange() {
    float[] w = {-5000f, -5001f};
    double expected = -5000 + Math.log((1 + Math.exp(-1)) / 2);
    assertThat(ImportanceSampling.iwae(w, 2)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void llrIsTheDifferenceOfTheTwoIwaeBounds() {
    float[][] logW = {{-10f, -11f}};
    float[][] logWk = {{-20f, -22f}};
    ImportanceSampling.Bounds b = ImportanceSampling.bounds(new LatentResult(logW, logWk));
    assertThat(b.llrK()[0])
        .isCloseTo(
            ImportanceSampling.iwae(logW[0], 2) - ImportanceSampling.iwae(logWk[0], 2),
            within(1e-12));
    assertThat(ImportanceSampling.bounds(new LatentResult(logW, null)).llrK()).isNull();
  }

  @Test
  void noiseDependsOnSeedAndImageOnlyAndGrowsByAddingSamples() {
    float[] image = new float[16];
    Arrays.fill(image, 7f);
    float[] other = image.clone();
    other[3] = 8f;
    float[] k4 = ImportanceSampling.noise(1, image, 4, 5);
    float[] k8 = ImportanceSampling.noise(1, image, 8, 5);
    assertThat(k4).hasSize(20);
    assertThat(Arrays.copyOf(k8, 20)).isEqualTo(k4);
    assertThat(ImportanceSampling.noise(1, image.clone(), 4, 5)).isEqualTo(k4);
    assertThat(ImportanceSampling.noise(1, other, 4, 5)).isNotEqualTo(k4);
    assertThat(ImportanceSampling.noise(2, image, 4, 5)).isNotEqualTo(k4);
  }

  @Test
  void noiseIsStandardNormal() {
    float[] n = ImportanceSampling.noise(3, new float[] {1f, 2f}, 1000, 101);
    double sum = 0;
    double squares = 0;
    for (float v : n) {
      sum += v;
      squares += v * v;
    }
    double mean = sum / n.length;
    assertThat(mean).isCloseTo(0, within(0.01));
    assertThat(squares / n.length - mean * mean).isCloseTo(1, within(0.02));
  }

  @Test
  void refusesSampleCountsOutsideTheRange() {
    assertThatThrownBy(() -> ImportanceSampling.noise(1, new float[1], 0, 3))
        .hasMessageContaining("importance samples must be in 1..4096");
    assertThatThrownBy(() -> ImportanceSampling.iwae(new float[2], 3))
        .hasMessageContaining("k must be in 1..2");
  }
}
