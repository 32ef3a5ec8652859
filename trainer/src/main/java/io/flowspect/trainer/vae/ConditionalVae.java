package io.flowspect.trainer.vae;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.ConditionalLatentNetwork;
import io.flowspect.trainer.model.Family;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conditional VAE (Sohn et al. 2015; the M2 model of Kingma et al. 2014 with observed labels):
 * {@link Vae}'s convolutional encoder and decoder, with the one-hot class c of the image
 * concatenated
 *
 * <ul>
 *   <li>to the encoder's flattened features before the posterior's dense layer: q(z | x, c);
 *   <li>to z before the decoder's first dense layer: p(x | z, c);
 * </ul>
 *
 * and the prior p(z) = N(0, I) for every class, as for {@code vae}. Its bounds are bounds on log
 * p(x | c): an image of one class scored under another pays for what the decoder expects of that
 * class. The condition enters where the networks are dense, the standard CVAE design: one linear
 * term per class, so every feature (and, through the decoder's dense layer, every position of the
 * first feature map) sees it, without feeding constant class planes through the convolutions. An
 * unconditional prior keeps the latent shared between classes, so z carries the style and c the
 * class, and sampling a class is decoding N(0, I) draws with its one-hot vector.
 */
public final class ConditionalVae implements ConditionalLatentNetwork {

  private final CvaeConfig config;
  private final ConvCoder coder;
  private final int classes;

  public ConditionalVae(CvaeConfig config) {
    this.config = config;
    this.coder = new ConvCoder(config.input(), config.hidden(), config.likelihood());
    this.classes = config.condition().size();
  }

  @Override
  public Family family() {
    return Family.CVAE;
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  @Override
  public Condition condition() {
    return config.condition();
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
    hp.put("classes", classes);
    hp.put("likelihood", config.likelihood().id());
    hp.put("output", config.likelihood().description());
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>();
    coder.encoderParameters(specs);
    Layers.smallDense(specs, "q", coder.features() + classes, 2 * config.latent(), true);
    Layers.dense(specs, "p", config.latent() + classes, coder.features());
    coder.decoderParameters(specs, config.hidden());
    return specs;
  }

  /** q(z | x, c): mean and soft-clamped log standard deviation, [N, latent] each. */
  private <T> Gaussian.Params<T> posterior(Ops<T> ops, T x, T c) {
    int l = config.latent();
    T features = ops.reshape(coder.encode(ops, x), -1, coder.features());
    T q = Layers.dense(ops, "q", ops.concat(1, List.of(features, c)));
    return new Gaussian.Params<>(
        ops.slice(q, 1, 0, l),
        Layers.softClamp(ops, ops.slice(q, 1, l, 2L * l), Gaussian.LOG_SIGMA_BOUND));
  }

  /** p(x | z, c) from z [M, latent] and c [M, classes]. */
  private <T> ConvCoder.Output<T> likelihood(Ops<T> ops, T z, T c) {
    T u = ops.relu(Layers.dense(ops, "p", ops.concat(1, List.of(z, c))));
    return coder.decode(
        ops, ops.reshape(u, -1, config.hidden(), coder.quarterHeight(), coder.quarterWidth()));
  }

  @Override
  public <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T c, T eps) {
    T logW =
        DenseLatentBound.logWeights(
            ops,
            posterior(ops, x, c),
            eps,
            config.latent(),
            (zRows, zeros) ->
                coder.logLikelihood(
                    ops,
                    Layers.tile(ops, x, zeros, config.input().dims()),
                    likelihood(ops, zRows, Layers.tile(ops, c, zeros, classes))));
    return new ImportanceWeights<>(logW, null);
  }

  @Override
  public <T> T decode(Ops<T> ops, T c, T eps) {
    return coder.meanImage(ops, likelihood(ops, eps, c));
  }

  @Override
  public <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T c, T eps, int n, long step) {
    Gaussian.Params<T> q = posterior(ops, x, c);
    T reconstruction = coder.logLikelihood(ops, x, likelihood(ops, q.draw(ops, eps), c));
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
