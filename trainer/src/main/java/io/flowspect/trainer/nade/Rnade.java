package io.flowspect.trainer.nade;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RNADE (Uria, Murray and Larochelle 2013): NADE for real values, each conditional a mixture of K
 * Gaussians whose weights, means and scales come from the shared hidden layer ({@link
 * SharedHidden}). Pixels are dequantised as for the flows, y = (x + u) / 256 in [0, 1): while
 * training u is uniform noise and the objective a lower bound on the discrete log-likelihood; when
 * scoring u = 1/2, the bin centre, and log p(x) = sum_d log p(y_d | y_&lt;d) - D log 256.
 *
 * <p>The mixture's log-sum-exp is written without a max: log sum_k exp(a_k) = a_k - log
 * softmax(a)_k for every k, averaged with the softmax weights, so that the components that carry
 * the mass carry the arithmetic and the others' rounding is weighted away.
 */
final class Rnade implements DensityNetwork {

  /** Bound of the soft-clamped log standard deviation, on the [0, 1] pixel scale. */
  private static final float LOG_SCALE_BOUND = 10f;

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final InputSpec input;
  private final int components;
  private final SharedHidden layer;

  Rnade(InputSpec input, int hidden, int components) {
    if (components < 1) {
      throw new IllegalArgumentException("--components must be at least 1, found " + components);
    }
    this.input = input;
    this.components = components;
    this.layer =
        new SharedHidden(
            "rnade",
            input.dims(),
            hidden,
            3 * components,
            ParamSpec.fixed(startingBias(input.dims(), components)));
  }

  /**
   * Where each conditional starts: equal weights, means spread evenly over [0, 1] and a standard
   * deviation of 1/(2K), so that the components tile the pixel range. From zero (means at 0, unit
   * scale on a [0, 1] variable) the log scales must travel about 5 to fit a pixel that sits at 0, a
   * few thousand Adam steps spent before the model learns anything else.
   */
  static float[] startingBias(int dims, int components) {
    float[] bias = new float[dims * 3 * components];
    double logScale = Math.log(1.0 / (2 * components));
    float raw = (float) (LOG_SCALE_BOUND * atanh(logScale / LOG_SCALE_BOUND));
    for (int d = 0; d < dims; d++) {
      int row = d * 3 * components;
      for (int k = 0; k < components; k++) {
        bias[row + components + k] = (float) ((k + 0.5) / components);
        bias[row + 2 * components + k] = raw;
      }
    }
    return bias;
  }

  private static double atanh(double v) {
    return 0.5 * Math.log((1 + v) / (1 - v));
  }

  @Override
  public Family family() {
    return VisibleFamilies.RNADE;
  }

  @Override
  public InputSpec input() {
    return input;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("hidden", layer.hidden());
    hp.put("components", components);
    hp.put("output", "mixture of Gaussians per dequantised sub-pixel");
    hp.put("order", "raster order of the flattened image, channel by channel");
    hp.put("dequantisation", "uniform in training; bin centre (u = 0.5) when scoring");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    return layer.parameters();
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    int d = input.dims();
    int k = components;
    T y = ops.div(ops.add(x, noise), ops.scalar(256f));
    T out = layer.apply(ops, ops.sub(ops.mul(y, ops.scalar(2f)), ops.scalar(1f)));
    T logWeight = ops.logSoftmax(ops.slice(out, 2, 0, k), 2);
    T mean = ops.slice(out, 2, k, 2L * k);
    T rawLogScale = ops.slice(out, 2, 2L * k, 3L * k);
    T logScale =
        ops.mul(
            ops.tanh(ops.div(rawLogScale, ops.scalar(LOG_SCALE_BOUND))),
            ops.scalar(LOG_SCALE_BOUND));
    T eps = ops.mul(ops.sub(ops.reshape(y, -1, d, 1), mean), ops.exp(ops.neg(logScale)));
    T perComponent =
        ops.sub(
            ops.sub(logWeight, ops.mul(ops.mul(eps, eps), ops.scalar(0.5f))),
            ops.add(logScale, ops.scalar((float) HALF_LOG_TWO_PI)));
    T logShare = ops.logSoftmax(perComponent, 2);
    T logDensity = ops.sum(ops.mul(ops.exp(logShare), ops.sub(perComponent, logShare)), 2);
    T perSubPixel = ops.sub(logDensity, ops.scalar((float) Math.log(256)));
    return new DensityOutputs<>(ops.sum(perSubPixel, 1), ops.neg(perSubPixel), null, null, null);
  }
}
