package io.flowspect.trainer.nade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.Family;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What makes FVSBN, NADE and RNADE autoregressive models of the image: each conditional reads only
 * the sub-pixels before its own, and the discrete ones are exactly normalised over every image.
 */
class VisibleFamiliesTest {

  static Stream<Family> families() {
    return Stream.of(VisibleFamilies.FVSBN, VisibleFamilies.NADE, VisibleFamilies.RNADE);
  }

  private static DensityNetwork tiny(Family family, InputSpec input, String likelihood) {
    return (DensityNetwork)
        Architecture.of(
                family,
                input,
                Map.of("hidden", 8, "components", 3, VisibleFamilies.LIKELIHOOD, likelihood))
            .build();
  }

  /** -log p(x_d | x_&lt;d) for each sub-pixel of each image, from the DJL model. */
  private static float[][] pixelNll(DensityNetwork model, ParamStore store, float[] x, int n) {
    int d = model.dims();
    try (NDManager manager = NDManager.newBaseManager();
        ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      NDArray input = manager.create(x, new Shape(n, d));
      float[] flat = model.logDensity(ops, input, ops.scalar(0.5f)).pixelNll().toFloatArray();
      float[][] rows = new float[n][d];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * d, rows[i], 0, d);
      }
      return rows;
    }
  }

  @ParameterizedTest
  @MethodSource("families")
  void eachConditionalReadsOnlyTheSubPixelsBeforeIt(Family family) {
    DensityNetwork model = tiny(family, TinyModels.INPUT, "logistic");
    int d = model.dims();
    float[] x = TinyModels.images(1, d, 7);
    try (ParamStore store = TinyModels.trainedLike(model, x, 1)) {
      for (int changed : new int[] {0, 17, d - 2}) {
        float[] y = x.clone();
        y[changed] = (y[changed] + 128) % 256;
        float[][] both = pixelNll(model, store, concat(x, y), 2);
        for (int i = 0; i < changed; i++) {
          assertThat(both[1][i])
              .as("%s: sub-pixel %d does not see sub-pixel %d", family.id(), i, changed)
              .isEqualTo(both[0][i]);
        }
        assertThat(both[1][changed])
            .as("its own conditional changes")
            .isNotEqualTo(both[0][changed]);
        int moved = 0;
        for (int i = changed + 1; i < d; i++) {
          moved += Math.abs(both[1][i] - both[0][i]) > 1e-6 ? 1 : 0;
        }
        assertThat(moved)
            .as("%s: the sub-pixels after %d see it", family.id(), changed)
            .isGreaterThan((d - changed - 1) / 2);
      }
    }
  }

  /** Every binary 2 x 2 image: the 16 probabilities of a Bernoulli FVSBN or NADE sum to one. */
  @ParameterizedTest
  @MethodSource("discreteFamilies")
  void bernoulliProbabilitiesOfAllImagesSumToOne(Family family) {
    InputSpec input = new InputSpec(1, 2, 2, ResizeMode.RESIZE).binarized(128);
    assertThat(totalProbability(tiny(family, input, "bernoulli"), 2)).isCloseTo(1.0, within(1e-5));
  }

  /** Every 8-bit 1 x 2 image: the 65,536 probabilities of a logistic FVSBN or NADE sum to one. */
  @ParameterizedTest
  @MethodSource("discreteFamilies")
  void logisticProbabilitiesOfAllImagesSumToOne(Family family) {
    InputSpec input = new InputSpec(1, 1, 2, ResizeMode.RESIZE);
    assertThat(totalProbability(tiny(family, input, "logistic"), 256)).isCloseTo(1.0, within(1e-4));
  }

  static Stream<Family> discreteFamilies() {
    return Stream.of(VisibleFamilies.FVSBN, VisibleFamilies.NADE);
  }

  /** Sum of p(x) over every image whose sub-pixels take {@code levels} values (0 to 255). */
  private static double totalProbability(DensityNetwork model, int levels) {
    int d = model.dims();
    int n = (int) Math.pow(levels, d);
    float[] x = new float[n * d];
    for (int i = 0; i < n; i++) {
      int rest = i;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = levels == 2 ? 255 * (rest % 2) : rest % 256;
        rest /= levels;
      }
    }
    try (ParamStore store = TinyModels.trainedLike(model, TinyModels.images(8, d, 3), 8)) {
      float[] logPx = TinyModels.djlLogPx(model, store, x, n);
      double total = 0;
      for (float v : logPx) {
        assertThat(v).isFinite();
        total += Math.exp(v);
      }
      return total;
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = new float[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
