package io.flowspect.trainer.vae;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.LatentNetwork.TrainingLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks {@link Vae} and {@link ConditionalVae} share: a convolutional encoder gives a
 * diagonal Gaussian posterior over a dense latent z with an N(0, I) prior, a convolutional decoder
 * gives p(x | z). A conditional model's one-hot class c ({@code classes} wide) is concatenated
 * where the networks are dense: to the encoder's flattened features before the posterior's dense
 * layer, and to z before the decoder's first dense layer; with {@code classes} 0 there is no c
 * (pass null) and the networks are the plain VAE's. Written once against {@link Ops}, like every
 * family.
 */
final class DenseVae {

  private final VaeSettings settings;
  private final ConvCoder coder;
  private final int classes;

  DenseVae(VaeSettings settings, int classes) {
    this.settings = settings;
    this.coder = new ConvCoder(settings.input(), settings.hidden(), settings.likelihood());
    this.classes = classes;
  }

  /** The hyperparameters a bundle records, {@code classes} only for a conditional model. */
  Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("hidden", settings.hidden());
    hp.put("latent", settings.latent());
    hp.put("kl_warmup", settings.klWarmup());
    hp.put("free_bits", settings.freeBits());
    hp.put(BundleContract.Hyper.IMPORTANCE_SAMPLES, settings.importanceSamples());
    hp.put("seed", settings.seed());
    hp.put(BundleContract.Hyper.NOISE_DIMS, settings.latent());
    if (classes > 0) {
      hp.put("classes", classes);
    }
    hp.put("likelihood", settings.likelihood().id());
    hp.put("output", settings.likelihood().description());
    return hp;
  }

  List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>();
    coder.encoderParameters(specs);
    Layers.smallDense(specs, "q", coder.features() + classes, 2 * settings.latent(), true);
    Layers.dense(specs, "p", settings.latent() + classes, coder.features());
    coder.decoderParameters(specs, settings.hidden());
    return specs;
  }

  /** q(z | x[, c]): mean and soft-clamped log standard deviation, [N, latent] each. */
  <T> Gaussian.Params<T> posterior(Ops<T> ops, T x, T c) {
    int l = settings.latent();
    T features = ops.reshape(coder.encode(ops, x), -1, coder.features());
    T q = Layers.dense(ops, "q", withCondition(ops, features, c));
    return new Gaussian.Params<>(
        ops.slice(q, 1, 0, l),
        Layers.softClamp(ops, ops.slice(q, 1, l, 2L * l), Gaussian.LOG_SIGMA_BOUND));
  }

  /** p(x | z[, c]) from z [M, latent] and c [M, classes]. */
  <T> ConvCoder.Output<T> likelihood(Ops<T> ops, T z, T c) {
    T u = ops.relu(Layers.dense(ops, "p", withCondition(ops, z, c)));
    return coder.decode(
        ops, ops.reshape(u, -1, settings.hidden(), coder.quarterHeight(), coder.quarterWidth()));
  }

  /** log p(x[, | c], z_k) - log q(z_k | x[, c]) for each image's K draws. */
  <T> T logWeights(Ops<T> ops, T x, T c, T eps) {
    return DenseLatentBound.logWeights(
        ops,
        posterior(ops, x, c),
        eps,
        settings.latent(),
        (zRows, zeros) ->
            coder.logLikelihood(
                ops,
                Layers.tile(ops, x, zeros, settings.input().dims()),
                likelihood(ops, zRows, c == null ? null : Layers.tile(ops, c, zeros, classes))));
  }

  /** The decoder's NLL of each sub-pixel at the posterior mean. */
  <T> T reconstructionNll(Ops<T> ops, T x, T c) {
    T z = posterior(ops, x, c).mean();
    return ops.neg(coder.subPixelLogLikelihood(ops, x, likelihood(ops, z, c)));
  }

  /** The mid-distribution CDF of each sub-pixel under the decoder at the posterior mean. */
  <T> T reconstructionCdf(Ops<T> ops, T x, T c) {
    T z = posterior(ops, x, c).mean();
    return coder.subPixelMidCdf(ops, x, likelihood(ops, z, c));
  }

  /** The decoder's mean image for latent draws. */
  <T> T decode(Ops<T> ops, T eps, T c) {
    return coder.meanImage(ops, likelihood(ops, eps, c));
  }

  /** The negative ELBO with KL warm-up and free bits, one posterior draw per image. */
  <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T c, T eps, int n, long step) {
    Gaussian.Params<T> q = posterior(ops, x, c);
    T reconstruction = coder.logLikelihood(ops, x, likelihood(ops, q.draw(ops, eps), c));
    T kl = Gaussian.klFromStandard(ops, q.mean(), q.logSigma());
    return Objective.loss(
        ops,
        reconstruction,
        List.of(kl),
        n,
        settings.input().dims(),
        step,
        settings.klWarmup(),
        settings.freeBits());
  }

  private static <T> T withCondition(Ops<T> ops, T dense, T c) {
    return c == null ? dense : ops.concat(1, List.of(dense, c));
  }
}
