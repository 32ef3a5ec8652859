package io.flowspect.trainer.mintnet;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MintNet (Song, Meng and Ermon 2019), in the form this trainer writes once for DJL and ONNX: a
 * stack of invertible masked-convolution layers on the dequantised image h = (x + u) / 256 - 1/2.
 * Layer k maps
 *
 * <pre>
 *   a  = h * exp(s(h)) + m(h),     s, m = masked conv, relu, masked conv (of earlier pixels only)
 *   h' = a + tanh(a) / 2           (monotone, slope between 1 and 3/2)
 * </pre>
 *
 * where s and m see only the pixels before each one in raster order (even layers) or after it (odd
 * layers). Each layer's Jacobian is therefore triangular, with diagonal exp(s) (1 + sech^2(a) / 2):
 * log|det| is a sum over sub-pixels, exact and as cheap as the forward pass, and alternating the
 * orders lets every pixel depend on every other. The inverse is a fixed-point iteration, exact
 * after D steps because the off-diagonal part is nilpotent. The base density is a standard normal.
 *
 * <p>Since the log-determinant is a sum over sub-pixels, {@code pixel_nll} is each sub-pixel's
 * share of -log p(x) (its base density and diagonal terms), as for a MAF; it sums to the image's
 * NLL.
 */
public final class MintNet implements DensityNetwork {

  /** Bound of each layer's soft-clamped log scale. */
  static final float LOG_SCALE_BOUND = 2f;

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  /** The family, declared here as the family packages do. */
  public static final Family FAMILY = new Family("mintnet", Family.Kind.AUTOREGRESSIVE, false);

  private final MintNetConfig config;

  public MintNet(MintNetConfig config) {
    this.config = config;
  }

  @Override
  public Family family() {
    return FAMILY;
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  MintNetConfig config() {
    return config;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("layers", config.layers());
    hp.put("filters", config.filters());
    hp.put("kernel", config.kernel());
    hp.put("dequantisation", "uniform in training; bin centre (u = 0.5) when scoring");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    int c = config.input().channels();
    int f = config.filters();
    int k = config.kernel();
    List<ParamSpec> specs = new ArrayList<>();
    for (int l = 0; l < config.layers(); l++) {
      String n = "layer" + l;
      specs.add(
          new ParamSpec(
              n + ".hidden.weight",
              new long[] {f, c, k, k},
              ParamSpec.heNormal((long) c * k * k / 2 + 1)));
      specs.add(new ParamSpec(n + ".hidden.bias", new long[] {f}, ParamSpec.zeros()));
      // Zero output: every layer starts as h + tanh(h) / 2, whatever the hidden features are.
      specs.add(new ParamSpec(n + ".out.weight", new long[] {2L * c, f, k, k}, ParamSpec.zeros()));
      specs.add(new ParamSpec(n + ".out.bias", new long[] {2L * c}, ParamSpec.zeros()));
    }
    return specs;
  }

  /** The shift and log scale of layer {@code l}, from the pixels before (or after) each one. */
  record Conditioner<T>(T shift, T logScale) {}

  <T> Conditioner<T> conditioner(Ops<T> ops, int l, T h) {
    int c = config.input().channels();
    int f = config.filters();
    int k = config.kernel();
    boolean reversed = l % 2 == 1;
    String n = "layer" + l;
    T wHidden =
        ops.maskedParam(n + ".hidden.weight", Masks.of(f, c, k, reversed, false), f, c, k, k);
    T hidden = ops.relu(ops.conv2d(h, wHidden, ops.param(n + ".hidden.bias"), k / 2));
    T wOut =
        ops.maskedParam(n + ".out.weight", Masks.of(2 * c, f, k, reversed, true), 2L * c, f, k, k);
    T out = ops.conv2d(hidden, wOut, ops.param(n + ".out.bias"), k / 2);
    T logScale =
        ops.mul(
            ops.tanh(ops.div(ops.slice(out, 1, c, 2L * c), ops.scalar(LOG_SCALE_BOUND))),
            ops.scalar(LOG_SCALE_BOUND));
    return new Conditioner<>(ops.slice(out, 1, 0, c), logScale);
  }

  /** One layer: its output and the log of its Jacobian's diagonal, both [N, C, H, W]. */
  record Layer<T>(T value, T logDiagonal) {}

  <T> Layer<T> layer(Ops<T> ops, int l, T h) {
    Conditioner<T> cond = conditioner(ops, l, h);
    T a = ops.add(ops.mul(h, ops.exp(cond.logScale())), cond.shift());
    T t = ops.tanh(a);
    T value = ops.add(a, ops.mul(t, ops.scalar(0.5f)));
    // d h'/d a = 1 + (1 - tanh^2(a)) / 2
    T slope = ops.sub(ops.scalar(1.5f), ops.mul(ops.mul(t, t), ops.scalar(0.5f)));
    return new Layer<>(value, ops.add(cond.logScale(), ops.log(slope)));
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    InputSpec in = config.input();
    int d = in.dims();
    T y = ops.sub(ops.div(ops.add(x, noise), ops.scalar(256f)), ops.scalar(0.5f));
    T h = ops.reshape(y, -1, in.channels(), in.height(), in.width());
    T logDiagonal = null;
    for (int l = 0; l < config.layers(); l++) {
      Layer<T> next = layer(ops, l, h);
      h = next.value();
      logDiagonal =
          logDiagonal == null ? next.logDiagonal() : ops.add(logDiagonal, next.logDiagonal());
    }
    T z = ops.reshape(h, -1, d);
    T logBase =
        ops.sub(ops.mul(ops.mul(z, z), ops.scalar(-0.5f)), ops.scalar((float) HALF_LOG_TWO_PI));
    T perDim =
        ops.sub(
            ops.add(logBase, ops.reshape(logDiagonal, -1, d)), ops.scalar((float) Math.log(256)));
    return new DensityOutputs<>(ops.sum(perDim, 1), ops.neg(perDim), null, null, null);
  }
}
