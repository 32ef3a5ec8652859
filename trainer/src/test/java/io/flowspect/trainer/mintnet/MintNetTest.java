package io.flowspect.trainer.mintnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
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
 * MintNet's two promises: each layer's Jacobian is triangular with the diagonal the density counts,
 * and the whole stack inverts by fixed-point iteration.
 */
class MintNetTest {

  private static final InputSpec INPUT = new InputSpec(1, 6, 6, ResizeMode.RESIZE);

  private static MintNet tiny(int layers) {
    return new MintNet(new MintNetConfig(INPUT, layers, 4, 3));
  }

  private static float[] values(NDArray a) {
    return a.toFloatArray();
  }

  @Test
  void eachLayerIsTriangularWithTheDiagonalItCounts() {
    MintNet model = tiny(2);
    int d = model.dims();
    float[] x = TinyModels.images(1, d, 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, 1);
        NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      float[] h = new float[d];
      for (int i = 0; i < d; i++) {
        h[i] = x[i] / 256f - 0.5f;
      }
      for (int l = 0; l < 2; l++) {
        int layer = l;
        java.util.function.Function<float[], float[]> f =
            v -> values(model.layer(ops, layer, manager.create(v, new Shape(1, 1, 6, 6))).value());
        float[] base = f.apply(h);
        float[] logDiagonal =
            values(model.layer(ops, l, manager.create(h, new Shape(1, 1, 6, 6))).logDiagonal());
        for (int j : new int[] {0, 7, 20, d - 1}) {
          float eps = 1e-2f;
          float[] up = h.clone();
          up[j] += eps;
          float[] down = h.clone();
          down[j] -= eps;
          float[] fu = f.apply(up);
          float[] fd = f.apply(down);
          for (int i = 0; i < d; i++) {
            double derivative = (fu[i] - fd[i]) / (2.0 * eps);
            boolean after = l % 2 == 0 ? i > j : i < j;
            if (i == j) {
              assertThat(derivative)
                  .as("layer %d: d out_%d / d in_%d is the counted diagonal", l, i, j)
                  .isCloseTo(Math.exp(logDiagonal[i]), within(2e-2 * Math.exp(logDiagonal[i])));
            } else if (!after) {
              assertThat(fu[i])
                  .as("layer %d: out_%d does not see in_%d", l, i, j)
                  .isEqualTo(base[i]);
              assertThat(fd[i]).isEqualTo(base[i]);
            }
          }
        }
      }
    }
  }

  @Test
  void theStackInvertsByFixedPointIteration() {
    MintNet model = tiny(4);
    int d = model.dims();
    float[] x = TinyModels.images(2, d, 5);
    try (ParamStore store = TinyModels.trainedLike(model, x, 2);
        NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      Shape shape = new Shape(2, 1, 6, 6);
      float[] h0 = new float[2 * d];
      for (int i = 0; i < h0.length; i++) {
        h0[i] = (x[i] + 0.5f) / 256f - 0.5f;
      }
      float[][] outputs = new float[5][];
      outputs[0] = h0;
      for (int l = 0; l < 4; l++) {
        outputs[l + 1] = values(model.layer(ops, l, manager.create(outputs[l], shape)).value());
      }
      float[] z = outputs[4];
      for (int l = 3; l >= 0; l--) {
        // a from h' = a + tanh(a) / 2: Newton on a monotone scalar map
        float[] a = new float[z.length];
        for (int i = 0; i < z.length; i++) {
          double v = z[i];
          for (int it = 0; it < 50; it++) {
            double t = Math.tanh(v);
            v -= (v + t / 2 - z[i]) / (1.5 - t * t / 2);
          }
          a[i] = (float) v;
        }
        // h from a = h exp(s(h)) + m(h), s and m strictly triangular: exact after D steps
        float[] h = new float[z.length];
        for (int it = 0; it <= d; it++) {
          MintNet.Conditioner<NDArray> c = model.conditioner(ops, l, manager.create(h, shape));
          float[] shift = values(c.shift());
          float[] logScale = values(c.logScale());
          for (int i = 0; i < h.length; i++) {
            h[i] = (float) ((a[i] - shift[i]) * Math.exp(-logScale[i]));
          }
        }
        for (int i = 0; i < h.length; i++) {
          assertThat(h[i]).as("layer %d input %d", l, i).isCloseTo(outputs[l][i], within(1e-4f));
        }
        z = h;
      }
    }
  }
}
