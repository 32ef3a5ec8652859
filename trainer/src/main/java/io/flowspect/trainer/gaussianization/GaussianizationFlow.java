package io.flowspect.trainer.gaussianization;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.flow.LinearAlgebra;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.FittedNetwork;
import io.flowspect.trainer.model.InvertibleFlow;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Gaussianization flow fitted by RBIG (rotation-based iterative Gaussianization; Laparra, Camps-
 * Valls and Malo 2011): layers that each map every value through its own monotone piecewise-linear
 * function onto a standard normal marginal, then rotate blocks of pixels onto their principal axes.
 * Nothing is trained by gradients: each layer is computed from the data the layers before it
 * produced ({@link RbigFit}), in minutes on a CPU. The likelihood is exact by change of variables
 * on the dequantised image y = (x + u) / 256 - 1/2:
 *
 * <pre>
 *   log p(x) = log N(z; 0, I) + sum over layers and values of log f'(.) - D ln 256
 * </pre>
 *
 * since the rotations are orthogonal (log|det| = 0).
 *
 * <p>Each marginal map f has K + 1 knots t_0 &lt; ... &lt; t_K (the data's quantiles) and K + 2
 * slopes (a left tail, K bins, a right tail); it is stored as t_0, the log bin widths, f(t_0) and
 * the log slopes, so any parameter values give a continuous, increasing map. In the graph it is a
 * sum of clamped ramps, each at most one bin's rise, which keeps float32 exact to about 1e-6 even
 * where a bin is a hundred times steeper than its neighbours; its log slope is the left tail's plus
 * the slope changes at the knots below the value (ONNX Greater).
 *
 * <p>Layer l rotates the non-overlapping p x p blocks ({@link GaussianizationConfig#blocks}) of
 * every channel with one shared (C p^2) x (C p^2) matrix, so a layer costs D (C p^2) multiply-adds
 * and its weights stay small at any image size.
 */
public final class GaussianizationFlow implements InvertibleFlow, FittedNetwork {

  /** The family, declared here as the family packages do. */
  public static final Family FAMILY = new Family("gaussianization", Family.Kind.FLOW, false);

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final GaussianizationConfig config;

  public GaussianizationFlow(GaussianizationConfig config) {
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

  GaussianizationConfig config() {
    return config;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("layers", config.layers());
    hp.put("bins", config.bins());
    hp.put(
        GaussianizationConfig.BLOCK_SIDES,
        config.blocks().stream().map(String::valueOf).collect(Collectors.joining(",")));
    hp.put("fit", "RBIG: equal-mass piecewise-linear marginals, PCA rotations of pixel blocks");
    hp.put("dequantisation", "uniform in fitting; bin centre (u = 0.5) when scoring");
    return hp;
  }

  /**
   * Each layer holds about nine [N, D, K + 1] float tensors until a DJL pass ends: keep a pass
   * under about 1 GB.
   */
  @Override
  public int evaluationBatch() {
    long perImage = 36L * dims() * (config.bins() + 1) * config.layers();
    return (int) Math.max(1, Math.min(200, 1_000_000_000L / perImage));
  }

  static String name(int layer, String part) {
    return "layer" + layer + "." + part;
  }

  @Override
  public List<ParamSpec> parameters() {
    int d = dims();
    int k = config.bins();
    List<ParamSpec> specs = new ArrayList<>();
    for (int l = 0; l < config.layers(); l++) {
      // Before fitting: the identity on [-1/2, 1/2] in K equal bins, then no rotation.
      specs.add(new ParamSpec(name(l, "start"), new long[] {d}, ParamSpec.constant(-0.5f)));
      specs.add(
          new ParamSpec(
              name(l, "log_width"),
              new long[] {d, k},
              ParamSpec.constant((float) Math.log(1.0 / k))));
      specs.add(new ParamSpec(name(l, "shift"), new long[] {d}, ParamSpec.constant(-0.5f)));
      specs.add(new ParamSpec(name(l, "log_slope"), new long[] {d, k + 2L}, ParamSpec.zeros()));
      int b = config.blockSize(l);
      specs.add(
          new ParamSpec(name(l, "rotation"), new long[] {b, b}, ParamSpec.fixed(identity(b))));
    }
    return specs;
  }

  private static float[] identity(int n) {
    float[] m = new float[n * n];
    for (int i = 0; i < n; i++) {
      m[i * n + i] = 1;
    }
    return m;
  }

  /** One map's output and the log of its derivative, both [N, D]. */
  record Mapped<T>(T value, T logSlope) {}

  /**
   * Layer l's marginal map f, value by value.
   *
   * @param y [N, D]
   * @return f(y) and log f'(y)
   */
  <T> Mapped<T> marginal(Ops<T> ops, int l, T y) {
    int d = dims();
    int k = config.bins();
    T start = ops.reshape(ops.param(name(l, "start")), d, 1);
    T widths = ops.exp(ops.param(name(l, "log_width")));
    T knots =
        ops.add(
            start, ops.concat(1, List.of(ops.constant(new float[d], d, 1), ops.cumsum(widths, 1))));
    T logSlope = ops.param(name(l, "log_slope"));
    T slopes = ops.exp(logSlope);
    return piecewise(
        ops,
        y,
        knots,
        slopes,
        ops.reshape(ops.slice(logSlope, 1, 0, 1), 1, d),
        ops.sub(ops.slice(logSlope, 1, 1, k + 2L), ops.slice(logSlope, 1, 0, k + 1L)),
        ops.reshape(ops.param(name(l, "shift")), 1, d));
  }

  /**
   * A continuous increasing piecewise-linear map with K + 1 knots per value.
   *
   * @param v [N, D] values
   * @param knots [D, K + 1], increasing along the second axis
   * @param slopes [D, K + 2]: left tail, the K bins, right tail
   * @param logLeft [1, D]: log of the left tail's slope
   * @param logSlopeSteps [D, K + 1]: log slope of segment j + 1 minus that of segment j
   * @param atFirstKnot [1, D]: the map's value at the first knot
   */
  private <T> Mapped<T> piecewise(
      Ops<T> ops, T v, T knots, T slopes, T logLeft, T logSlopeSteps, T atFirstKnot) {
    int d = dims();
    int k = config.bins();
    T v3 = ops.reshape(v, -1, d, 1);
    T first = ops.slice(knots, 1, 0, 1);
    T last = ops.slice(knots, 1, k, k + 1L);
    T left = ops.reshape(ops.slice(slopes, 1, 0, 1), 1, d);
    T right = ops.reshape(ops.slice(slopes, 1, k + 1L, k + 2L), 1, d);
    T inner = ops.slice(slopes, 1, 1, k + 1L);
    T lower = ops.slice(knots, 1, 0, k);
    T width = ops.sub(ops.slice(knots, 1, 1, k + 1L), lower);
    // each bin adds slope * clamp(v - t_k, 0, w_k), written w - relu(w - relu(v - t_k)) so that
    // a value past the bin adds exactly slope * w
    T rise = ops.sub(width, ops.relu(ops.sub(width, ops.relu(ops.sub(v3, lower)))));
    T value =
        ops.add(
            ops.add(atFirstKnot, ops.sum(ops.mul(rise, inner), 2)),
            ops.sub(
                ops.mul(right, ops.reshape(ops.relu(ops.sub(v3, last)), -1, d)),
                ops.mul(left, ops.reshape(ops.relu(ops.sub(first, v3)), -1, d))));
    T logSlope = ops.add(logLeft, ops.sum(ops.mul(ops.step(ops.sub(v3, knots)), logSlopeSteps), 2));
    return new Mapped<>(value, logSlope);
  }

  /**
   * Rotates every p x p block of every channel by the matrix (row vectors times it).
   *
   * @param z [N, D] in CHW order
   * @param matrix [C p^2, C p^2]
   */
  <T> T rotate(Ops<T> ops, int l, T z, T matrix) {
    InputSpec in = input();
    int c = in.channels();
    int p = config.block(l);
    int rows = in.height() / p;
    int cols = in.width() / p;
    T blocks = ops.transpose(ops.reshape(z, -1, c, rows, p, cols, p), 0, 2, 4, 1, 3, 5);
    T turned = ops.matmul(ops.reshape(blocks, -1, (long) c * p * p), matrix);
    T back = ops.transpose(ops.reshape(turned, -1, rows, cols, c, p, p), 0, 3, 1, 4, 2, 5);
    return ops.reshape(back, -1, dims());
  }

  /** The dequantised image, y = (x + u) / 256 - 1/2. */
  static <T> T dequantise(Ops<T> ops, T x, T noise) {
    return ops.sub(ops.div(ops.add(x, noise), ops.scalar(256f)), ops.scalar(0.5f));
  }

  /** Layer l forward: marginal map then rotation; the log slopes of the map. */
  <T> Mapped<T> layer(Ops<T> ops, int l, T y) {
    Mapped<T> m = marginal(ops, l, y);
    return new Mapped<>(rotate(ops, l, m.value(), ops.param(name(l, "rotation"))), m.logSlope());
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    T h = dequantise(ops, x, noise);
    T logDet = null;
    for (int l = 0; l < config.layers(); l++) {
      Mapped<T> m = layer(ops, l, h);
      h = m.value();
      T layerLogDet = ops.sum(m.logSlope(), 1);
      logDet = logDet == null ? layerLogDet : ops.add(logDet, layerLogDet);
    }
    T logPx =
        ops.sub(ops.add(logNormal(ops, h), logDet), ops.scalar((float) (dims() * Math.log(256))));
    return new DensityOutputs<>(logPx, null, null, null, h);
  }

  /** log N(z; 0, I) per row [N]. */
  private <T> T logNormal(Ops<T> ops, T z) {
    return ops.sub(
        ops.mul(ops.sum(ops.mul(z, z), 1), ops.scalar(-0.5f)),
        ops.scalar((float) (dims() * HALF_LOG_TWO_PI)));
  }

  @Override
  public <T> Sample<T> generate(Ops<T> ops, T latent, T noise) {
    int d = dims();
    T h = latent;
    T logDet = null;
    for (int l = config.layers() - 1; l >= 0; l--) {
      int b = config.blockSize(l);
      h = rotate(ops, l, h, ops.constant(inverse(ops.paramValues(name(l, "rotation")), b), b, b));
      InverseMap inv = InverseMap.of(ops, l, d, config.bins());
      Mapped<T> m =
          piecewise(
              ops,
              h,
              ops.constant(inv.knots(), d, config.bins() + 1L),
              ops.constant(inv.slopes(), d, config.bins() + 2L),
              ops.constant(inv.logLeft(), 1, d),
              ops.constant(inv.logSlopeSteps(), d, config.bins() + 1L),
              ops.constant(inv.atFirstKnot(), 1, d));
      h = m.value();
      T layerLogDet = ops.sum(m.logSlope(), 1);
      logDet = logDet == null ? layerLogDet : ops.add(logDet, layerLogDet);
    }
    T x = ops.sub(ops.mul(ops.add(h, ops.scalar(0.5f)), ops.scalar(256f)), noise);
    T logPx =
        ops.sub(ops.sub(logNormal(ops, latent), logDet), ops.scalar((float) (d * Math.log(256))));
    return new Sample<>(x, logPx);
  }

  /**
   * The inverse of a stored n x n rotation, row-major: a fitted rotation is orthogonal and its
   * inverse its transpose, but the inverse keeps sampling exact for any stored values.
   */
  static float[] inverse(float[] m, int n) {
    double[][] w = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        w[i][j] = m[i * n + j];
      }
    }
    double[][] inv = LinearAlgebra.invert(w);
    float[] out = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i * n + j] = (float) inv[i][j];
      }
    }
    return out;
  }

  @Override
  public Fit fit(
      ParamStore params,
      List<ImageRecord> train,
      List<ImageRecord> validation,
      long seed,
      Duration timeLimit,
      PrintStream log) {
    return new RbigFit(this, params, log).run(train, validation, seed, timeLimit);
  }
}
