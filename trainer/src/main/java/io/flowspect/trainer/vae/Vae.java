package io.flowspect.trainer.vae;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variational autoencoder (Kingma and Welling 2014): a convolutional encoder gives a diagonal
 * Gaussian posterior q(z | x) over a dense latent z with an N(0, I) prior; a convolutional decoder
 * gives p(x | z), a discretised logistic per sub-pixel (or a Bernoulli per binarised pixel, see
 * {@link Likelihood}). Draws use the reparameterisation z = mu + sigma * eps with eps passed in
 * (see {@link LatentNetwork}).
 */
public final class Vae implements LatentNetwork {

  private final VaeConfig config;
  private final ConvCoder coder;

  public Vae(VaeConfig config) {
    this.config = config;
    this.coder = new ConvCoder(config.input(), config.hidden(), config.likelihood());
  }

  @Override
  public Family family() {
    return Family.VAE;
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  @Override
  public int noiseDims() {
    return config.latent();
  }

  @Override
  public int importanceSamples() {
    return config.importanceSamples();
  }

  @Override
  public int llrK() {
    return 0;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("hidden", config.hidden());
    hp.put("latent", config.latent());
    hp.put("kl_warmup", config.klWarmup());
    hp.put("free_bits", config.freeBits());
    hp.put("importance_samples", config.importanceSamples());
    hp.put("seed", config.seed());
    hp.put("noise_dims", noiseDims());
    hp.put("likelihood", config.likelihood().id());
    hp.put("output", config.likelihood().description());
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>();
    coder.encoderParameters(specs);
    Layers.smallDense(specs, "q", coder.features(), 2 * config.latent(), true);
    Layers.dense(specs, "p", config.latent(), coder.features());
    coder.decoderParameters(specs, config.hidden());
    return specs;
  }

  /** The posterior q(z | x): mean and soft-clamped log standard deviation, [N, latent] each. */
  private <T> Gaussian.Params<T> posterior(Ops<T> ops, T x) {
    int l = config.latent();
    T features = ops.reshape(coder.encode(ops, x), -1, coder.features());
    T q = Layers.dense(ops, "q", features);
    return new Gaussian.Params<>(
        ops.slice(q, 1, 0, l),
        Layers.softClamp(ops, ops.slice(q, 1, l, 2L * l), Gaussian.LOG_SIGMA_BOUND));
  }

  private <T> ConvCoder.Output<T> likelihood(Ops<T> ops, T z) {
    T u = ops.relu(Layers.dense(ops, "p", z));
    return coder.decode(
        ops, ops.reshape(u, -1, config.hidden(), coder.quarterHeight(), coder.quarterWidth()));
  }

  @Override
  public <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T eps) {
    T logW =
        DenseLatentBound.logWeights(
            ops,
            posterior(ops, x),
            eps,
            config.latent(),
            (zRows, zeros) ->
                coder.logLikelihood(
                    ops,
                    Layers.tile(ops, x, zeros, config.input().dims()),
                    likelihood(ops, zRows)));
    return new ImportanceWeights<>(logW, null);
  }

  /**
   * The decoder's NLL of each sub-pixel at the posterior mean: a 32-number latent cannot encode a
   * scratch or a hole, so the decoder draws the good part it expects there and the defect's pixels
   * cost much more than under their own image's good neighbours.
   */
  @Override
  public <T> T reconstructionNll(Ops<T> ops, T x) {
    T z = posterior(ops, x).mean();
    return ops.neg(coder.subPixelLogLikelihood(ops, x, likelihood(ops, z)));
  }

  /** The mid-distribution CDF of each sub-pixel under the decoder at the posterior mean. */
  @Override
  public <T> T reconstructionCdf(Ops<T> ops, T x) {
    T z = posterior(ops, x).mean();
    return coder.subPixelMidCdf(ops, x, likelihood(ops, z));
  }

  @Override
  public <T> T decode(Ops<T> ops, T eps) {
    return coder.meanImage(ops, likelihood(ops, eps));
  }

  @Override
  public <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T eps, int n, long step) {
    Gaussian.Params<T> q = posterior(ops, x);
    T reconstruction = coder.logLikelihood(ops, x, likelihood(ops, q.draw(ops, eps)));
    T kl = Gaussian.klFromStandard(ops, q.mean(), q.logSigma());
    return Objective.loss(
        ops,
        reconstruction,
        List.of(kl),
        n,
        config.input().dims(),
        step,
        config.klWarmup(),
        config.freeBits());
  }
}
