package io.flowspect.trainer.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The unfolded convolution against a direct convolution written as plain loops: the same output and
 * the same input, weight and bias gradients, for the kernel sizes and paddings the families use.
 */
class UnfoldedConvolutionTest {

  @ParameterizedTest(name = "{0}x{0} kernel, padding {1}")
  @CsvSource({"1, 0", "3, 1", "3, 0", "5, 2", "7, 3"})
  void matchesADirectConvolutionAndItsGradients(int k, int padding) {
    int n = 3;
    int c = 2;
    int h = 6;
    int w = 5;
    int o = 4;
    SplittableRandom random = new SplittableRandom(k * 31L + padding);
    float[] x = uniform(n * c * h * w, random);
    float[] weight = uniform(o * c * k * k, random);
    float[] bias = uniform(o, random);
    int oh = h + 2 * padding - k + 1;
    int ow = w + 2 * padding - k + 1;
    // The loss is sum(y * r): its gradient with respect to y is r.
    float[] r = uniform(n * o * oh * ow, random);

    float[] y = new float[n * o * oh * ow];
    float[] gx = new float[x.length];
    float[] gw = new float[weight.length];
    float[] gb = new float[o];
    for (int b = 0; b < n; b++) {
      for (int m = 0; m < o; m++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            int out = ((b * o + m) * oh + i) * ow + j;
            double sum = bias[m];
            gb[m] += r[out];
            for (int ch = 0; ch < c; ch++) {
              for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                  int yy = i + dy - padding;
                  int xx = j + dx - padding;
                  if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                    continue;
                  }
                  int in = ((b * c + ch) * h + yy) * w + xx;
                  int wi = ((m * c + ch) * k + dy) * k + dx;
                  sum += x[in] * weight[wi];
                  gx[in] += r[out] * weight[wi];
                  gw[wi] += r[out] * x[in];
                }
              }
            }
            y[out] = (float) sum;
          }
        }
      }
    }

    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray xa = manager.create(x, new Shape(n, c, h, w));
      NDArray wa = manager.create(weight, new Shape(o, c, k, k));
      NDArray ba = manager.create(bias, new Shape(o));
      NDArray ra = manager.create(r, new Shape(n, o, oh, ow));
      xa.setRequiresGradient(true);
      wa.setRequiresGradient(true);
      ba.setRequiresGradient(true);
      NDArray out;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        out = UnfoldedConvolution.apply(xa, wa, ba, padding);
        gc.backward(out.mul(ra).sum());
      }
      assertThat(out.getShape()).isEqualTo(new Shape(n, o, oh, ow));
      assertClose(out.toFloatArray(), y);
      assertClose(xa.getGradient().toFloatArray(), gx);
      assertClose(wa.getGradient().toFloatArray(), gw);
      assertClose(ba.getGradient().toFloatArray(), gb);
    }
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4f));
    }
  }

  private static float[] uniform(int size, SplittableRandom random) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
