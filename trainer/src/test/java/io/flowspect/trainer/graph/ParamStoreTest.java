package io.flowspect.trainer.graph;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ParamStoreTest {

  /**
   * One backward pass with a NaN gradient must not poison the next: DJL's own zeroing subtracts a
   * gradient from itself and leaves NaN in place, which stopped training for good after one bad
   * step.
   */
  @Test
  void zeroingClearsNonFiniteGradients() {
    try (ParamStore params =
        ParamStore.initialise(
            List.of(new ParamSpec("w", new long[] {2, 3}, ParamSpec.constant(1f))), 7)) {
      NDArray w = params.get("w");
      backward(() -> w.mul(Float.NaN).sum());
      assertThat(w.getGradient().toFloatArray()).containsOnly(Float.NaN);

      params.zeroGradients();
      assertThat(w.getGradient().toFloatArray()).containsOnly(0f);

      backward(() -> w.mul(3f).sum());
      assertThat(w.getGradient().toFloatArray()).containsOnly(3f);
    }
  }

  private static void backward(Supplier<NDArray> loss) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(loss.get());
    }
  }
}
