package io.flowspect.trainer.autoregressive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import org.junit.jupiter.api.Test;

/**
 * WaveNet's conditionals read exactly the receptive field before them: a changed sample moves the
 * conditionals of the next {@link WaveNet#receptiveField()} samples and no others, and each
 * conditional is a distribution over the 256 levels.
 */
class WaveNetTest {

  private static final InputSpec SIGNAL = new InputSpec(1, 1, 64, ResizeMode.RESIZE);

  @Test
  void aSampleMovesTheConditionalsOfItsReceptiveFieldAndNoOthers() {
    WaveNet model = new WaveNet(SIGNAL, 16, 16, 2, 1);
    assertThat(model.receptiveField())
        .as("2 from the input layer, then dilations 1 and 2")
        .isEqualTo(5);
    int d = model.dims();
    float[] x = TinyModels.images(1, d, 9);
    try (ParamStore store = TinyModels.trainedLike(model, x, 1)) {
      int t = 20;
      float[] y = x.clone();
      y[t] = (y[t] + 128) % 256;
      float[][] logits = TinyModels.outputsOfPair(model, store, x, y, o -> o.logits());
      for (int s = 0; s < d; s++) {
        double moved = 0;
        for (int k = 0; k < 256; k++) {
          moved = Math.max(moved, Math.abs(logits[1][s * 256 + k] - logits[0][s * 256 + k]));
        }
        if (s > t && s <= t + model.receptiveField()) {
          assertThat(moved).as("sample %d reads sample %d", s, t).isGreaterThan(1e-6);
        } else {
          assertThat(moved).as("sample %d does not read sample %d", s, t).isEqualTo(0.0);
        }
      }
    }
  }

  @Test
  void eachConditionalIsADistributionOverTheLevelsAndTheirNllsSumToMinusLogPx() {
    WaveNet model = new WaveNet(SIGNAL, 4, 6, 3, 2);
    int d = model.dims();
    float[] x = TinyModels.images(3, d, 4);
    try (ParamStore store = TinyModels.trainedLike(model, x, 3);
        NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      var out = model.logDensity(ops, manager.create(x, new Shape(3, d)), ops.scalar(0.5f));
      float[] logits = out.logits().toFloatArray();
      float[] nll = out.pixelNll().toFloatArray();
      float[] logPx = out.logPx().toFloatArray();
      for (int n = 0; n < 3; n++) {
        double sum = 0;
        for (int s = 0; s < d; s++) {
          double mass = 0;
          double max = Double.NEGATIVE_INFINITY;
          int base = (n * d + s) * 256;
          for (int k = 0; k < 256; k++) {
            max = Math.max(max, logits[base + k]);
          }
          for (int k = 0; k < 256; k++) {
            mass += Math.exp(logits[base + k] - max);
          }
          double own = logits[base + (int) x[n * d + s]] - max - Math.log(mass);
          assertThat(nll[n * d + s]).isCloseTo((float) -own, within(1e-3f));
          sum += nll[n * d + s];
        }
        assertThat(logPx[n]).isCloseTo((float) -sum, within(1e-2f));
      }
    }
  }

  @Test
  void refusesColourAndLeavesOutDilationsLongerThanTheSignal() {
    assertThatThrownBy(() -> new WaveNet(new InputSpec(3, 1, 64, ResizeMode.RESIZE), 4, 4, 2, 1))
        .hasMessageContaining("1 channel");
    // dilations 1..32 fit a 64-sample window; 64 and beyond would read only zeros
    assertThat(new WaveNet(SIGNAL, 4, 4, 10, 1).receptiveField()).isEqualTo(2 + 63);
  }
}
