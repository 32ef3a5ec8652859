package io.flowspect.trainer.vae;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/**
 * The building blocks the VAEs share: named convolutions and dense layers, the lossless 2x2 squeeze
 * and its inverse (downsampling and upsampling without strided convolutions, which {@link Ops} does
 * not have), and the tiling of per-image tensors over importance samples.
 */
public final class Layers {

  private Layers() {}

  /** A k x k convolution {@code name.weight} [out, in, k, k] and {@code name.bias} [out]. */
  public static void conv(List<ParamSpec> specs, String name, int out, int in, int k) {
    specs.add(
        new ParamSpec(
            name + ".weight", new long[] {out, in, k, k}, ParamSpec.heNormal((long) in * k * k)));
    specs.add(new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.zeros()));
  }

  /** A convolution whose weights start at zero: its output starts at its bias. */
  public static void zeroConv(List<ParamSpec> specs, String name, int out, int in, int k) {
    specs.add(new ParamSpec(name + ".weight", new long[] {out, in, k, k}, ParamSpec.zeros()));
    specs.add(new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.zeros()));
  }

  /** A dense layer {@code name.weight} [in, out] and {@code name.bias} [out]. */
  public static void dense(List<ParamSpec> specs, String name, int in, int out) {
    specs.add(new ParamSpec(name + ".weight", new long[] {in, out}, ParamSpec.heNormal(in)));
    specs.add(new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.zeros()));
  }

  /** A bias-free dense layer {@code name.weight} [in, out] (He initialised). */
  public static void weight(List<ParamSpec> specs, String name, int in, int out) {
    specs.add(new ParamSpec(name + ".weight", new long[] {in, out}, ParamSpec.heNormal(in)));
  }

  /** A bias-free convolution whose weights start at zero. */
  public static void zeroConvWeight(List<ParamSpec> specs, String name, int out, int in, int k) {
    specs.add(new ParamSpec(name + ".weight", new long[] {out, in, k, k}, ParamSpec.zeros()));
  }

  /** A dense layer with small initial weights (std 0.01 / sqrt(in)): near-zero outputs at first. */
  public static void smallDense(List<ParamSpec> specs, String name, int in, int out, boolean bias) {
    ParamSpec.Init he = ParamSpec.heNormal(in);
    specs.add(
        new ParamSpec(
            name + ".weight",
            new long[] {in, out},
            (shape, random) -> {
              float[] v = he.values(shape, random);
              for (int i = 0; i < v.length; i++) {
                v[i] *= 0.01f;
              }
              return v;
            }));
    if (bias) {
      specs.add(new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.zeros()));
    }
  }

  /** "Same" convolution with a k x k kernel. */
  public static <T> T conv(Ops<T> ops, String name, T x, int k) {
    return ops.conv2d(x, ops.param(name + ".weight"), ops.param(name + ".bias"), k / 2);
  }

  /** "Same" convolution with a k x k kernel and no bias. */
  public static <T> T convNoBias(Ops<T> ops, String name, T x, int k) {
    return ops.conv2d(x, ops.param(name + ".weight"), null, k / 2);
  }

  /** x [.., in] times the weight, plus the bias (batched over leading axes). */
  public static <T> T dense(Ops<T> ops, String name, T x) {
    return ops.add(ops.matmul(x, ops.param(name + ".weight")), ops.param(name + ".bias"));
  }

  /** x [.., in] times the weight, no bias. */
  public static <T> T linear(Ops<T> ops, String name, T x) {
    return ops.matmul(x, ops.param(name + ".weight"));
  }

  /** [N, C, H, W] to [N, 4C, H/2, W/2]: every 2x2 block becomes four channels. */
  public static <T> T squeeze(Ops<T> ops, T x, int c, int h, int w) {
    T t = ops.reshape(x, -1, c, h / 2, 2, w / 2, 2);
    t = ops.transpose(t, 0, 1, 3, 5, 2, 4);
    return ops.reshape(t, -1, 4L * c, h / 2, w / 2);
  }

  /** The inverse of {@link #squeeze}: [N, 4C, h, w] to [N, C, 2h, 2w]. */
  public static <T> T unsqueeze(Ops<T> ops, T x, int c, int h, int w) {
    T t = ops.reshape(x, -1, c, 2, 2, h, w);
    t = ops.transpose(t, 0, 1, 4, 2, 5, 3);
    return ops.reshape(t, -1, c, 2L * h, 2L * w);
  }

  /**
   * Repeats each image's row over its importance samples: [N, F] to [N * K, F], row n * K + k
   * holding image n's values. {@code zeros} is an all-zero [N, K, 1] tensor that carries N and K,
   * which the graph does not know statically.
   */
  public static <T> T tile(Ops<T> ops, T perImage, T zeros, long width) {
    T expanded = ops.add(ops.reshape(perImage, -1, 1, width), zeros);
    return ops.reshape(expanded, -1, width);
  }

  /** Soft clamp to (-bound, bound): bound * tanh(v / bound), the identity near zero. */
  public static <T> T softClamp(Ops<T> ops, T v, float bound) {
    return ops.mul(ops.tanh(ops.div(v, ops.scalar(bound))), ops.scalar(bound));
  }

  /** Numerically stable log(1 + exp(v)) = relu(v) + log(1 + exp(-|v|)). */
  public static <T> T softplus(Ops<T> ops, T v) {
    T abs = ops.add(ops.relu(v), ops.relu(ops.neg(v)));
    return ops.add(ops.relu(v), ops.log(ops.add(ops.scalar(1f), ops.exp(ops.neg(abs)))));
  }

  /** log sigmoid(v) = -softplus(-v). */
  public static <T> T logSigmoid(Ops<T> ops, T v) {
    return ops.neg(softplus(ops, ops.neg(v)));
  }
}
