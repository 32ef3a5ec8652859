package io.flowspect.trainer.vae;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hierarchical VAE in the style of the ladder VAE (Sønderby et al. 2016) and NVAE (Vahdat and
 * Kautz 2020): stochastic layers z_1 (bottom, a map at H/4 x W/4) to z_L (top, dense), a bottom-up
 * deterministic pass over x, and a top-down pass that gives each layer's conditional prior p(z_i |
 * z_{&gt;i}) and, combined with the bottom-up features, its posterior q(z_i | x, z_{&gt;i}) as a
 * residual correction of that prior. The decoder sees z_1 and the top-down features (a skip
 * connection from the layers above).
 *
 * <p>Besides the importance weights of the full posterior it gives those of Havtorn et al.'s (2021)
 * bound L^{&gt;k}: the top layers z_{&gt;k} are drawn from the posterior as usual, the k lowest are
 * set to their conditional prior's mean (as in the authors' code), and the weight is p(x | z)
 * p(z_{&gt;k}) / q(z_{&gt;k} | x). Low-level latents fit almost any image, so the full bound is
 * high for out-of-distribution images too; L^{&gt;k} needs the semantic layers to explain the
 * image, and the gap LLR^{&gt;k} = L - L^{&gt;k} grows for images the model has not seen the like
 * of.
 */
public final class HierarchicalVae implements LatentNetwork {

  private final HvaeConfig config;
  private final ConvCoder coder;
  private final int layers;
  private final int dense;
  private final int[] dims;
  private final int[] offsets;
  private final int noiseDims;

  public HierarchicalVae(HvaeConfig config) {
    this.config = config;
    this.coder = new ConvCoder(config.input(), config.hidden(), config.likelihood());
    this.layers = config.latentLayers();
    this.dense = 4 * config.hidden();
    this.dims = new int[layers + 1];
    this.offsets = new int[layers + 1];
    int offset = 0;
    for (int i = 1; i <= layers; i++) {
      dims[i] =
          i == 1
              ? config.latentChannels() * coder.quarterHeight() * coder.quarterWidth()
              : config.latent();
      offsets[i] = offset;
      offset += dims[i];
    }
    this.noiseDims = offset;
  }

  @Override
  public Family family() {
    return Family.HVAE;
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  @Override
  public int noiseDims() {
    return noiseDims;
  }

  @Override
  public int importanceSamples() {
    return config.importanceSamples();
  }

  @Override
  public int llrK() {
    return config.llrK();
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("hidden", config.hidden());
    hp.put("latent_channels", config.latentChannels());
    hp.put("latent", config.latent());
    hp.put("latent_layers", config.latentLayers());
    hp.put("llr_k", config.llrK());
    hp.put("kl_warmup", config.klWarmup());
    hp.put("free_bits", config.freeBits());
    hp.put(BundleContract.Hyper.IMPORTANCE_SAMPLES, config.importanceSamples());
    hp.put("seed", config.seed());
    hp.put(BundleContract.Hyper.NOISE_DIMS, noiseDims);
    hp.put("layer_dims", Arrays.stream(dims, 1, layers + 1).boxed().toList());
    hp.put("likelihood", config.likelihood().id());
    hp.put("output", config.likelihood().description());
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    int h = config.hidden();
    int f = coder.features();
    int l = config.latent();
    int c1 = config.latentChannels();
    List<ParamSpec> specs = new ArrayList<>();
    coder.encoderParameters(specs);
    for (int i = 2; i <= layers; i++) {
      Layers.dense(specs, "up" + i, i == 2 ? f : dense, dense);
    }
    Layers.smallDense(specs, "q" + layers, dense, 2 * l, true);
    for (int i = layers - 1; i >= 1; i--) {
      int width = i == 1 ? f : dense;
      Layers.dense(specs, "td" + i + ".z", l, width);
      if (i < layers - 1) {
        Layers.weight(specs, "td" + i + ".t", dense, width);
      }
      if (i >= 2) {
        Layers.smallDense(specs, "p" + i, dense, 2 * l, true);
        Layers.smallDense(specs, "q" + i + ".up", dense, 2 * l, false);
        Layers.smallDense(specs, "q" + i + ".td", dense, 2 * l, true);
      } else {
        Layers.zeroConv(specs, "p1", 2 * c1, h, 3);
        Layers.zeroConv(specs, "q1.up", 2 * c1, h, 3);
        Layers.zeroConvWeight(specs, "q1.td", 2 * c1, h, 3);
      }
    }
    coder.decoderParameters(specs, c1 + h);
    return specs;
  }

  /**
   * One stochastic layer of a pass.
   *
   * @param topDown the top-down features it is conditioned on ([M, dense], or [M, features] for the
   *     bottom layer); null for the top layer
   * @param prior its conditional prior, null for the top layer (N(0, I))
   * @param posterior its posterior
   * @param eps the noise it was drawn with [M, dims]
   * @param z the draw [M, dims]
   */
  private record Layer<T>(
      T topDown, Gaussian.Params<T> prior, Gaussian.Params<T> posterior, T eps, T z) {}

  /** A pass over a batch: the layers (index 1 = bottom) and the decoder's output. */
  private record Pass<T>(List<Layer<T>> layers, ConvCoder.Output<T> likelihood, T images) {}

  /** Bottom-up features: index 1 the conv map [N, h, H/4, W/4], above it dense [N, dense]. */
  private <T> List<T> bottomUp(Ops<T> ops, T x) {
    List<T> up = new ArrayList<>();
    up.add(null);
    T d = coder.encode(ops, x);
    up.add(d);
    T flat = ops.reshape(d, -1, coder.features());
    for (int i = 2; i <= layers; i++) {
      flat = ops.relu(Layers.dense(ops, "up" + i, flat));
      up.add(flat);
    }
    return up;
  }

  /** The top-down features of layer i &lt; L from the draw above and that layer's features. */
  private <T> T topDown(Ops<T> ops, int i, T zAbove, T topDownAbove) {
    T t = Layers.dense(ops, "td" + i + ".z", zAbove);
    if (topDownAbove != null) {
      t = ops.add(t, Layers.linear(ops, "td" + i + ".t", topDownAbove));
    }
    return ops.relu(t);
  }

  /** The raw (unclamped) prior parameters of layer i &lt; L: [M, 2 * dims_i], means first. */
  private <T> T rawPrior(Ops<T> ops, int i, T topDown) {
    if (i >= 2) {
      return Layers.dense(ops, "p" + i, topDown);
    }
    return ops.reshape(Layers.conv(ops, "p1", map(ops, topDown), 3), -1, 2L * dims[1]);
  }

  private <T> T map(Ops<T> ops, T topDown) {
    return ops.reshape(topDown, -1, config.hidden(), coder.quarterHeight(), coder.quarterWidth());
  }

  private <T> Gaussian.Params<T> split(Ops<T> ops, int i, T raw) {
    return new Gaussian.Params<>(
        ops.slice(raw, 1, 0, dims[i]),
        Layers.softClamp(ops, ops.slice(raw, 1, dims[i], 2L * dims[i]), Gaussian.LOG_SIGMA_BOUND));
  }

  /** The decoder's likelihood parameters from the bottom draw and its top-down features. */
  private <T> ConvCoder.Output<T> decoder(Ops<T> ops, T z1, T topDown1) {
    T zMap =
        ops.reshape(z1, -1, config.latentChannels(), coder.quarterHeight(), coder.quarterWidth());
    return coder.decode(ops, ops.concat(1, List.of(zMap, map(ops, topDown1))));
  }

  /**
   * The full posterior pass with K samples per image.
   *
   * @param eps [N, K * noiseDims]
   */
  private <T> Pass<T> infer(Ops<T> ops, T x, T eps) {
    List<T> up = bottomUp(ops, x);
    T e = ops.reshapeKeepBatch(eps, -1, noiseDims);
    T zeros = ops.mul(ops.slice(e, 2, 0, 1), ops.scalar(0f));
    T rows = ops.reshape(e, -1, noiseDims);
    List<Layer<T>> out = new ArrayList<>();
    for (int i = 0; i <= layers; i++) {
      out.add(null);
    }
    int l = config.latent();
    T topRaw = Layers.tile(ops, Layers.dense(ops, "q" + layers, up.get(layers)), zeros, 2L * l);
    Gaussian.Params<T> top = split(ops, layers, topRaw);
    T topEps = noise(ops, rows, layers);
    out.set(layers, new Layer<>(null, null, top, topEps, top.draw(ops, topEps)));
    for (int i = layers - 1; i >= 1; i--) {
      Layer<T> above = out.get(i + 1);
      T t = topDown(ops, i, above.z(), above.topDown());
      T raw = rawPrior(ops, i, t);
      T delta;
      if (i >= 2) {
        delta =
            ops.add(
                Layers.tile(ops, Layers.linear(ops, "q" + i + ".up", up.get(i)), zeros, 2L * l),
                Layers.dense(ops, "q" + i + ".td", t));
      } else {
        long width = 2L * dims[1];
        T fromX = ops.reshape(Layers.conv(ops, "q1.up", up.get(1), 3), -1, width);
        T fromAbove = ops.reshape(Layers.convNoBias(ops, "q1.td", map(ops, t), 3), -1, width);
        delta = ops.add(Layers.tile(ops, fromX, zeros, width), fromAbove);
      }
      Gaussian.Params<T> prior = split(ops, i, raw);
      Gaussian.Params<T> posterior = split(ops, i, ops.add(raw, delta));
      T layerEps = noise(ops, rows, i);
      out.set(i, new Layer<>(t, prior, posterior, layerEps, posterior.draw(ops, layerEps)));
    }
    T images = Layers.tile(ops, x, zeros, config.input().dims());
    return new Pass<>(out, decoder(ops, out.get(1).z(), out.get(1).topDown()), images);
  }

  private <T> T noise(Ops<T> ops, T rows, int i) {
    return ops.slice(rows, 1, offsets[i], offsets[i] + (long) dims[i]);
  }

  /** log p(z_i | z_{&gt;i}) - log q(z_i | x, z_{&gt;i}) per row [M]. */
  private <T> T logRatio(Ops<T> ops, Layer<T> layer) {
    T logQ = ops.sum(Gaussian.logDensityAtDraw(ops, layer.eps(), layer.posterior().logSigma()), 1);
    T logP =
        layer.prior() == null
            ? ops.sum(Gaussian.logStandard(ops, layer.z()), 1)
            : ops.sum(
                Gaussian.logDensity(ops, layer.z(), layer.prior().mean(), layer.prior().logSigma()),
                1);
    return ops.sub(logP, logQ);
  }

  @Override
  public <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T eps) {
    Pass<T> pass = infer(ops, x, eps);
    T logW = coder.logLikelihood(ops, pass.images(), pass.likelihood());
    T upper = null;
    for (int i = layers; i >= 1; i--) {
      T ratio = logRatio(ops, pass.layers().get(i));
      logW = ops.add(logW, ratio);
      if (i > config.llrK()) {
        upper = upper == null ? ratio : ops.add(upper, ratio);
      }
    }
    int k = config.llrK();
    T z = pass.layers().get(k).prior().mean();
    T t = pass.layers().get(k).topDown();
    for (int i = k - 1; i >= 1; i--) {
      t = topDown(ops, i, z, t);
      z = split(ops, i, rawPrior(ops, i, t)).mean();
    }
    T logWk = ops.add(coder.logLikelihood(ops, pass.images(), decoder(ops, z, t)), upper);
    return new ImportanceWeights<>(logW, logWk);
  }

  @Override
  public <T> T decode(Ops<T> ops, T eps) {
    T z = noise(ops, eps, layers);
    T t = null;
    for (int i = layers - 1; i >= 1; i--) {
      t = topDown(ops, i, z, t);
      z = split(ops, i, rawPrior(ops, i, t)).draw(ops, noise(ops, eps, i));
    }
    return coder.meanImage(ops, decoder(ops, z, t));
  }

  @Override
  public <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T eps, int n, long step) {
    Pass<T> pass = infer(ops, x, eps);
    T reconstruction = coder.logLikelihood(ops, pass.images(), pass.likelihood());
    List<T> kls = new ArrayList<>();
    for (int i = 1; i <= layers; i++) {
      Layer<T> layer = pass.layers().get(i);
      Gaussian.Params<T> q = layer.posterior();
      kls.add(
          layer.prior() == null
              ? Gaussian.klFromStandard(ops, q.mean(), q.logSigma())
              : Gaussian.kl(
                  ops, q.mean(), q.logSigma(), layer.prior().mean(), layer.prior().logSigma()));
    }
    return Objective.loss(
        ops,
        reconstruction,
        kls,
        n,
        config.input().dims(),
        step,
        config.klWarmup(),
        config.freeBits());
  }
}
