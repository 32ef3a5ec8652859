package io.flowspect.trainer.autoregressive;

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
 * MADE and MAF (Germain et al. 2015; Papamakarios et al. 2017) on flattened images.
 *
 * <p>Pixels are dequantised, y = (x + u) / 256, and moved to logit space, l = logit(a + (1 - 2a) y)
 * with a = 1e-6, as in the MAF paper's MNIST setup. Each Gaussian MADE maps l to u = (l - mu(l))
 * exp(-alpha(l)); the order alternates between MADEs through the mask degrees, so no permutation is
 * needed. Density evaluation is one pass; sampling would be D sequential passes.
 *
 * <p>The per-dimension terms are exact conditionals only for a single MADE; for a stack the {@code
 * pixel_nll} map is the per-dimension share of -log p(x) (base density and log-determinants per
 * dimension), which still sums to the image's NLL.
 */
public final class MaskedAutoregressiveFlow implements DensityNetwork {

  /** Where the logit transform keeps values away from 0 and 1. */
  public static final float ALPHA = 1e-6f;

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final MafConfig config;
  private final Family family;

  public MaskedAutoregressiveFlow(MafConfig config) {
    this.config = config;
    this.family = config.mades() == 1 ? Family.MADE : Family.MAF;
  }

  @Override
  public Family family() {
    return family;
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("mades", config.mades());
    hp.put("hidden", config.hidden());
    hp.put("hidden_layers", config.hiddenLayers());
    hp.put("logit_alpha", (double) ALPHA);
    hp.put("dequantisation", "uniform in training; bin centre (u = 0.5) when scoring");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    int d = dims();
    int h = config.hidden();
    List<ParamSpec> specs = new ArrayList<>();
    for (int k = 0; k < config.mades(); k++) {
      Made.parameters(specs, "made" + k, d, h, config.hiddenLayers());
    }
    return specs;
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    int d = dims();
    T y = ops.div(ops.add(x, noise), ops.scalar(256f));
    T p = ops.add(ops.mul(y, ops.scalar(1f - 2f * ALPHA)), ops.scalar(ALPHA));
    T logP = ops.log(p);
    T log1mP = ops.log(ops.sub(ops.scalar(1f), p));
    T l = ops.sub(logP, log1mP);
    // Per-dimension log-determinant: logit, then the 1/256 scaling of the dequantised value.
    T logDet =
        ops.sub(
            ops.scalar((float) (Math.log(1 - 2 * ALPHA) - Math.log(256))), ops.add(logP, log1mP));
    for (int k = 0; k < config.mades(); k++) {
      Made.Output<T> made =
          Made.apply(ops, "made" + k, l, d, config.hidden(), config.hiddenLayers(), k % 2 == 1);
      l = ops.mul(ops.sub(l, made.shift()), ops.exp(ops.neg(made.logScale())));
      logDet = ops.sub(logDet, made.logScale());
    }
    T logBase =
        ops.sub(ops.mul(ops.mul(l, l), ops.scalar(-0.5f)), ops.scalar((float) HALF_LOG_TWO_PI));
    T perDim = ops.add(logBase, logDet);
    return new DensityOutputs<>(ops.sum(perDim, 1), ops.neg(perDim), null, null, null);
  }
}
