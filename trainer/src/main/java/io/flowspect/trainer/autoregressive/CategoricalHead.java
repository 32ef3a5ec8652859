package io.flowspect.trainer.autoregressive;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.DensityOutputs;
import java.util.List;

/**
 * The output of the autoregressive networks with 256-way conditionals (PixelCNN, PixelRNN from
 * causal feature maps through a 1 x 1 head; WaveNet from its own head's logits): a softmax per
 * sub-pixel. Gives log p(x), {@code pixel_nll}, the mid-distribution CDF and the logits that
 * sampling and purification read.
 */
final class CategoricalHead {

  static final int LEVELS = 256;

  private CategoricalHead() {}

  /** A convolution's weight [out, in, k, k] (He initialisation) and bias [out]. */
  static void conv(List<ParamSpec> specs, String name, int out, int in, int k) {
    specs.add(
        new ParamSpec(
            name + ".weight",
            new long[] {out, in, k, k},
            ParamSpec.heNormal((long) in * k * k / 2 + 1)));
    specs.add(new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.zeros()));
  }

  /** The head's parameters for {@code f} feature maps over {@code c} colour channels. */
  static void parameters(List<ParamSpec> specs, int f, int c) {
    conv(specs, "head", f, f, 1);
    // Zero logits: training starts from the uniform 8 bits/dim instead of a random, confident
    // guess.
    specs.add(new ParamSpec("logits.weight", new long[] {LEVELS * c, f, 1, 1}, ParamSpec.zeros()));
    specs.add(new ParamSpec("logits.bias", new long[] {LEVELS * c}, ParamSpec.zeros()));
  }

  /**
   * The conditionals of every sub-pixel from causal features.
   *
   * @param features [N, F, H, W], each position seeing only the sub-pixels before it
   * @param x the raw image [N, D]
   * @param featureGroups the colour group of each feature map
   */
  static <T> DensityOutputs<T> outputs(
      Ops<T> ops, T features, T x, InputSpec in, int[] featureGroups) {
    int c = in.channels();
    int height = in.height();
    int width = in.width();
    T head =
        ops.relu(
            MaskedConv.apply(
                ops,
                "head",
                ops.relu(features),
                MaskedConv.Type.B,
                featureGroups,
                featureGroups,
                1));
    T logits =
        MaskedConv.apply(
            ops,
            "logits",
            head,
            MaskedConv.Type.B,
            featureGroups,
            MaskedConv.groups(LEVELS * c, c),
            1);
    T perChannel = ops.reshape(logits, -1, c, LEVELS, height, width);
    T perSubPixel =
        ops.reshape(ops.transpose(perChannel, 0, 1, 3, 4, 2), -1, (long) in.dims(), LEVELS);
    return fromLogits(ops, perSubPixel, x, in.dims());
  }

  /**
   * The conditionals of every sub-pixel from their logits, in the autoregressive order of the
   * flattened input.
   *
   * @param logits [N, D, 256]
   * @param x the raw input [N, D]
   * @param dims D
   */
  static <T> DensityOutputs<T> fromLogits(Ops<T> ops, T logits, T x, int dims) {
    T logProbs = ops.logSoftmax(logits, 2);
    T index = ops.reshape(x, -1, dims, 1);
    T picked = ops.reshape(ops.gather(logProbs, index, 2), -1, dims);
    return new DensityOutputs<>(
        ops.sum(picked, 1),
        ops.neg(picked),
        () -> midCdf(ops, logProbs, index, picked, dims),
        ops.reshape(logits, -1, (long) dims * LEVELS),
        null);
  }

  /**
   * P(X_i &lt; x_i | x_&lt;i) + P(X_i = x_i | x_&lt;i) / 2 per sub-pixel, [N, D]: the softmax mass
   * of the levels below the pixel's own, through a 0/1 mask relu(x - k) - relu(x - k - 1) that is 1
   * exactly for the integer levels k &lt; x (no comparison op needed), plus half the pixel's own.
   *
   * @param logProbs [N, D, 256]
   * @param index the pixel values as [N, D, 1]
   * @param picked log-probability of each pixel's own level, [N, D]
   */
  private static <T> T midCdf(Ops<T> ops, T logProbs, T index, T picked, int dims) {
    float[] levels = new float[LEVELS];
    for (int k = 0; k < LEVELS; k++) {
      levels[k] = k;
    }
    T gap = ops.sub(index, ops.constant(levels, 1, 1, LEVELS));
    T isBelow = ops.sub(ops.relu(gap), ops.relu(ops.sub(gap, ops.scalar(1f))));
    T below = ops.reshape(ops.sum(ops.mul(ops.exp(logProbs), isBelow), 2), -1, dims);
    return ops.add(below, ops.mul(ops.exp(picked), ops.scalar(0.5f)));
  }
}
