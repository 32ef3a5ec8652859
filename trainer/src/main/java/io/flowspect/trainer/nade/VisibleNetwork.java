package io.flowspect.trainer.nade;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.vae.Bernoulli;
import io.flowspect.trainer.vae.DiscretizedLogistic;
import io.flowspect.trainer.vae.Likelihood;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fully visible model of discrete sub-pixels (FVSBN, NADE): its network gives, for every
 * sub-pixel, the parameters of one conditional from the sub-pixels before it, and the likelihood is
 * their product. The conditional is a discretised logistic over the 256 levels (8-bit images) or a
 * Bernoulli (images binarised at 128), the same two the VAE decoders use, so bits/dim compare
 * across families.
 *
 * <p>Every conditional is exact, so {@code pixel_nll} is -log p(x_i | x_&lt;i) and {@code
 * pixel_cdf} the mid-distribution CDF of each sub-pixel, the signed companion the local score uses.
 */
abstract class VisibleNetwork implements DensityNetwork {

  private final Family family;
  private final InputSpec input;
  private final Likelihood likelihood;

  VisibleNetwork(Family family, InputSpec input, Likelihood likelihood) {
    this.family = family;
    this.input = input;
    this.likelihood = likelihood;
  }

  @Override
  public Family family() {
    return family;
  }

  @Override
  public InputSpec input() {
    return input;
  }

  /** Parameters per sub-pixel: a location and a log scale, or one logit. */
  final int copies() {
    return likelihood == Likelihood.LOGISTIC ? 2 : 1;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put(VisibleFamilies.LIKELIHOOD, likelihood.id());
    hp.put("output", likelihood.description());
    hp.put("order", "raster order of the flattened image, channel by channel");
    hp.putAll(settings());
    return hp;
  }

  /** The network's own settings, for the manifest. */
  abstract Map<String, Object> settings();

  /**
   * The conditionals' parameters from the image.
   *
   * @param scaled sub-pixels on the [-1, 1] scale [N, D]
   * @return [N, copies * D]: copy c of sub-pixel d at column c * D + d, a function of the
   *     sub-pixels before d only
   */
  abstract <T> T conditionals(Ops<T> ops, T scaled);

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    int d = dims();
    T scaled = ops.sub(ops.div(x, ops.scalar(127.5f)), ops.scalar(1f));
    T out = conditionals(ops, scaled);
    T perSubPixel;
    java.util.function.Supplier<T> cdf;
    if (likelihood == Likelihood.LOGISTIC) {
      T mean = ops.slice(out, 1, 0, d);
      T logScale = ops.slice(out, 1, d, 2L * d);
      perSubPixel = DiscretizedLogistic.logProbPerSubPixel(ops, x, mean, logScale);
      cdf = () -> DiscretizedLogistic.midCdfPerSubPixel(ops, x, mean, logScale);
    } else {
      perSubPixel = Bernoulli.logProbPerSubPixel(ops, x, out);
      cdf = () -> bernoulliMidCdf(ops, x, out);
    }
    return new DensityOutputs<>(ops.sum(perSubPixel, 1), ops.neg(perSubPixel), cdf, null, null);
  }

  /** P(X &lt; x) + P(X = x) / 2 of a bit: (1 - p) / 2 for a 0, 1 - p / 2 for a 1. */
  private static <T> T bernoulliMidCdf(Ops<T> ops, T x, T logits) {
    T bit = ops.div(x, ops.scalar(255f));
    T offHalf = ops.mul(ops.sub(ops.scalar(1f), ops.sigmoid(logits)), ops.scalar(0.5f));
    return ops.add(offHalf, ops.mul(bit, ops.scalar(0.5f)));
  }
}
