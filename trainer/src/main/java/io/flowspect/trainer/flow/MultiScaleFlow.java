package io.flowspect.trainer.flow;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.InvertibleFlow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-scale architecture shared by Glow, RealNVP and NICE (Dinh et al. 2017, section 3.6): at
 * each level a squeeze, a stack of steps, then half the channels are factored out under a Gaussian
 * whose mean and scale are predicted from the other half (Glow's learned split prior); the last
 * level has a learned Gaussian prior.
 *
 * <p>Images are dequantised as y = (x + u) / 256 - 0.5 with u in [0, 1), so log p(x) = log p(y) - D
 * ln 256: a lower bound on the discrete likelihood in training (uniform u), and the bin-centre
 * value (u = 0.5) when scoring.
 */
public final class MultiScaleFlow implements InvertibleFlow {

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final FlowConfig config;
  private final FlowSteps recipe;
  private final List<Level> levels = new ArrayList<>();

  /** One scale: its shape after the squeeze, its steps and what it factors out. */
  private record Level(
      int index, int channels, int height, int width, List<FlowStep> steps, int kept, boolean top) {

    String priorName() {
      return top ? "top" : "level" + index + ".prior";
    }

    int factoredChannels() {
      return top ? channels : channels - kept;
    }
  }

  /**
   * A flow of one of the registered flow families, with that family's step recipe.
   *
   * @param config the architecture
   */
  public MultiScaleFlow(FlowConfig config) {
    this(config, FlowFamilies.stepsOf(config.family()));
  }

  /**
   * A flow with its own step recipe, for variants.
   *
   * @param config the architecture
   * @param recipe what each step is made of
   */
  public MultiScaleFlow(FlowConfig config, FlowSteps recipe) {
    this.config = config;
    this.recipe = recipe;
    InputSpec in = config.input();
    int c = in.channels();
    int h = in.height();
    int w = in.width();
    for (int l = 0; l < config.levels(); l++) {
      c *= 4;
      h /= 2;
      w /= 2;
      boolean top = l == config.levels() - 1;
      List<FlowStep> steps = new ArrayList<>();
      for (int k = 0; k < config.steps(); k++) {
        steps.addAll(step("level" + l + ".step" + k, k, c, h, w));
      }
      int kept = top ? c : c / 2;
      levels.add(new Level(l, c, h, w, steps, kept, top));
      c = kept;
    }
  }

  private List<FlowStep> step(String name, int k, int c, int h, int w) {
    long seed = config.seed() * 1_000_003L + name.hashCode();
    return recipe.step(name, k, c, h, w, config.hidden(), seed);
  }

  @Override
  public Family family() {
    return config.family();
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  public FlowConfig config() {
    return config;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put(BundleContract.Hyper.LATENT_LAYOUT, BundleContract.Hyper.MULTI_SCALE);
    hp.put(BundleContract.Hyper.LEVELS, config.levels());
    hp.put("steps", config.steps());
    hp.put("hidden", config.hidden());
    hp.put("seed", config.seed());
    hp.put("dequantisation", "uniform in training; bin centre (u = 0.5) when scoring");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>();
    for (Level level : levels) {
      for (FlowStep s : level.steps()) {
        specs.addAll(s.parameters());
      }
      long[] shape = {1, level.factoredChannels(), level.height(), level.width()};
      if (level.top()) {
        specs.add(new ParamSpec("top.mean", shape, ParamSpec.zeros()));
        specs.add(new ParamSpec("top.log_scale", shape, ParamSpec.zeros()));
      } else {
        specs.addAll(
            ZeroConv.parameters(level.priorName(), level.kept(), 2 * level.factoredChannels()));
      }
    }
    return specs;
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    InputSpec in = config.input();
    T y = ops.sub(ops.div(ops.add(x, noise), ops.scalar(256f)), ops.scalar(0.5f));
    T h = ops.reshape(y, -1, in.channels(), in.height(), in.width());
    T logDet = ops.scalar(0f);
    T logPrior = ops.scalar(0f);
    List<T> latents = new ArrayList<>();
    for (Level level : levels) {
      h = squeeze(ops, h, level.channels() / 4, level.height() * 2, level.width() * 2);
      for (FlowStep s : level.steps()) {
        FlowStep.Flowed<T> f = s.forward(ops, h);
        h = f.value();
        logDet = ops.add(logDet, f.logDet());
      }
      T z = h;
      if (!level.top()) {
        z = ops.slice(h, 1, level.kept(), level.channels());
        h = ops.slice(h, 1, 0, level.kept());
      }
      Gaussian<T> prior = prior(ops, level, h);
      T eps = ops.mul(ops.sub(z, prior.mean()), ops.exp(ops.neg(prior.logScale())));
      logPrior = ops.add(logPrior, logNormal(ops, eps, prior.logScale()));
      latents.add(
          ops.reshape(eps, -1, (long) level.factoredChannels() * level.height() * level.width()));
    }
    T logPx = ops.sub(ops.add(logPrior, logDet), ops.scalar((float) (in.dims() * Math.log(256))));
    return new DensityOutputs<>(logPx, null, null, null, ops.concat(1, latents));
  }

  @Override
  public <T> Sample<T> generate(Ops<T> ops, T latent, T noise) {
    InputSpec in = config.input();
    long[] offsets = new long[levels.size() + 1];
    for (int l = 0; l < levels.size(); l++) {
      Level level = levels.get(l);
      offsets[l + 1] =
          offsets[l] + (long) level.factoredChannels() * level.height() * level.width();
    }
    T logDet = ops.scalar(0f);
    T logPrior = ops.scalar(0f);
    T h = null;
    for (int l = levels.size() - 1; l >= 0; l--) {
      Level level = levels.get(l);
      T eps =
          ops.reshape(
              ops.slice(latent, 1, offsets[l], offsets[l + 1]),
              -1,
              level.factoredChannels(),
              level.height(),
              level.width());
      Gaussian<T> prior = prior(ops, level, h);
      T z = ops.add(prior.mean(), ops.mul(ops.exp(prior.logScale()), eps));
      logPrior = ops.add(logPrior, logNormal(ops, eps, prior.logScale()));
      h = level.top() ? z : ops.concat(1, List.of(h, z));
      List<FlowStep> steps = level.steps();
      for (int k = steps.size() - 1; k >= 0; k--) {
        FlowStep.Flowed<T> f = steps.get(k).inverse(ops, h);
        h = f.value();
        logDet = ops.add(logDet, f.logDet());
      }
      h = unsqueeze(ops, h, level.channels() / 4, level.height(), level.width());
    }
    T y = ops.reshape(h, -1, in.dims());
    T x = ops.sub(ops.mul(ops.add(y, ops.scalar(0.5f)), ops.scalar(256f)), noise);
    T logPx = ops.sub(ops.add(logPrior, logDet), ops.scalar((float) (in.dims() * Math.log(256))));
    return new Sample<>(x, logPx);
  }

  private record Gaussian<T>(T mean, T logScale) {}

  /** The prior of what a level factors out: learned constants at the top, else from the rest. */
  private <T> Gaussian<T> prior(Ops<T> ops, Level level, T kept) {
    if (level.top()) {
      return new Gaussian<>(ops.param("top.mean"), ops.param("top.log_scale"));
    }
    T p = ZeroConv.apply(ops, level.priorName(), kept);
    int c = level.factoredChannels();
    return new Gaussian<>(ops.slice(p, 1, 0, c), ops.slice(p, 1, c, 2L * c));
  }

  /** log N(z; mean, exp(logScale)) summed per image, from eps = (z - mean) / exp(logScale). */
  private static <T> T logNormal(Ops<T> ops, T eps, T logScale) {
    T perDim =
        ops.add(
            ops.add(ops.mul(ops.mul(eps, eps), ops.scalar(-0.5f)), ops.neg(logScale)),
            ops.scalar((float) -HALF_LOG_TWO_PI));
    return ops.sum(perDim, 1, 2, 3);
  }

  /** [N, C, H, W] to [N, 4C, H/2, W/2]: each 2x2 block becomes four channels. */
  static <T> T squeeze(Ops<T> ops, T x, int c, int h, int w) {
    T r = ops.reshape(x, -1, c, h / 2, 2, w / 2, 2);
    T t = ops.transpose(r, 0, 1, 3, 5, 2, 4);
    return ops.reshape(t, -1, 4L * c, h / 2, w / 2);
  }

  /** The inverse of {@link #squeeze}: [N, 4C, H, W] to [N, C, 2H, 2W]. */
  static <T> T unsqueeze(Ops<T> ops, T x, int c, int h, int w) {
    T r = ops.reshape(x, -1, c, 2, 2, h, w);
    T t = ops.transpose(r, 0, 1, 4, 2, 5, 3);
    return ops.reshape(t, -1, c, 2L * h, 2L * w);
  }
}
