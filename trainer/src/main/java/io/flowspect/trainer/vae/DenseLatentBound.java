package io.flowspect.trainer.vae;

import io.flowspect.trainer.graph.Ops;
import java.util.function.BiFunction;

/**
 * The log importance weights of a model with one dense latent layer, a diagonal Gaussian posterior
 * and an N(0, I) prior: the bound that {@link Vae} and {@link ConditionalVae} share, written once
 * so that the two families' ELBO and IWAE cannot drift apart.
 */
final class DenseLatentBound {

  private DenseLatentBound() {}

  /**
   * log w = log p(x | z_k) + log p(z_k) - log q(z_k | x) for K draws z_k = mu + sigma * eps_k.
   *
   * @param q the posterior, mean and log sigma [N, latent] each
   * @param eps standard-normal noise [N, K * latent]
   * @param latent the latent size
   * @param logLikelihood log p(x | z) of every draw: given the draws [N * K, latent] and a [N, K,
   *     1] tensor of zeros to tile per-image inputs with ({@link Layers#tile}), returns [N * K]
   *     nats
   * @return [N * K] nats, image n's sample k at n * K + k
   */
  static <T> T logWeights(
      Ops<T> ops, Gaussian.Params<T> q, T eps, int latent, BiFunction<T, T, T> logLikelihood) {
    T e = ops.reshapeKeepBatch(eps, -1, latent);
    T zeros = ops.mul(ops.slice(e, 2, 0, 1), ops.scalar(0f));
    T logSigma = ops.reshape(q.logSigma(), -1, 1, latent);
    T z = ops.add(ops.reshape(q.mean(), -1, 1, latent), ops.mul(ops.exp(logSigma), e));
    T logQ = ops.reshape(ops.sum(Gaussian.logDensityAtDraw(ops, e, logSigma), 2), -1);
    T zRows = ops.reshape(z, -1, latent);
    T logPrior = ops.sum(Gaussian.logStandard(ops, zRows), 1);
    return ops.sub(ops.add(logLikelihood.apply(zRows, zeros), logPrior), logQ);
  }
}
