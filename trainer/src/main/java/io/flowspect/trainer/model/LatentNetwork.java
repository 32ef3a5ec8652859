package io.flowspect.trainer.model;

import io.flowspect.trainer.graph.Ops;

/**
 * A latent-variable model of 8-bit images (a variational autoencoder): no exact likelihood, but
 * importance weights w = p(x, z) / q(z | x) whose mean log is the ELBO and whose log mean is the
 * importance-weighted bound (IWAE, Burda et al. 2016), both lower bounds on log p(x).
 *
 * <p>Written once against {@link Ops}. Randomness never happens inside the model: every draw z = mu
 * + sigma * eps is made from standard-normal noise {@code eps} passed in, so the exported graph is
 * a deterministic function of (x, eps) and the scorer's seeded noise makes scores reproducible.
 *
 * <p>Noise layout: one importance sample takes {@link #noiseDims()} numbers, the stochastic layers'
 * in order from the bottom (nearest the image) to the top, each layer CHW flattened. A row of K
 * samples holds sample 0's numbers, then sample 1's, and so on.
 */
public interface LatentNetwork extends GenerativeNetwork {

  /** Standard-normal numbers one importance sample takes, all stochastic layers together. */
  int noiseDims();

  /** The number K of importance samples the scorer takes by default (manifest). */
  int importanceSamples();

  /**
   * The k of Havtorn et al.'s LLR^{>k} statistic: the k lowest stochastic layers are taken from
   * their conditional prior; 0 when the model has no such statistic (one stochastic layer).
   */
  int llrK();

  /**
   * Log importance weights of K samples per image.
   *
   * @param x raw pixel values [N, D], 0..255
   * @param eps standard-normal noise [N, K * noiseDims] (K inferred)
   * @return log w = log p(x | z) + log p(z) - log q(z | x) in nats, [N * K] with image n's sample k
   *     at n * K + k; and, when {@link #llrK()} &gt; 0, the weights of the bound L^{>k} in the same
   *     layout
   */
  <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T eps);

  /**
   * The per-pixel evidence map of a latent model: each sub-pixel's negative log-likelihood under
   * the decoder at the posterior mean, -log p(x_i | z = E[z | x]), exported as the bound graph's
   * {@code pixel_nll} output so that the local scores and heatmaps of the autoregressive models
   * work unchanged. Deterministic (no noise).
   *
   * @param x raw pixel values [N, D], 0..255
   * @return [N, D] nats, or null when the model has no such map
   */
  default <T> T reconstructionNll(Ops<T> ops, T x) {
    return null;
  }

  /**
   * The signed companion of {@link #reconstructionNll}: each sub-pixel's mid-distribution CDF P(X_i
   * &lt; x_i | z) + P(X_i = x_i | z) / 2 at the posterior mean, exported as {@code pixel_cdf}.
   * Deterministic (no noise).
   *
   * @param x raw pixel values [N, D], 0..255
   * @return [N, D] in (0, 1), or null when the model has no such map
   */
  default <T> T reconstructionCdf(Ops<T> ops, T x) {
    return null;
  }

  /**
   * Decodes draws from the prior: the mean image of p(x | z).
   *
   * @param eps standard-normal noise [M, noiseDims] (scaled by a temperature for sampling)
   * @return continuous pixel values [M, D] on the 0..255 scale (not rounded, not clipped)
   */
  <T> T decode(Ops<T> ops, T eps);

  /**
   * The loss one training step minimises, with one posterior sample per image: the negative ELBO
   * with analytic KL terms, the KL weighted by the warm-up factor at {@code step} and each latent
   * dimension's batch-mean KL held at least at the free-bits floor.
   *
   * @param x raw pixel values [n, D]
   * @param eps standard-normal noise [n, noiseDims]
   * @param n images in the batch
   * @param step global optimisation step (KL warm-up)
   */
  <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T eps, int n, long step);

  /**
   * @param logW [N * K] log importance weights, nats
   * @param logWk [N * K] the L^{>k} bound's weights, or null
   */
  record ImportanceWeights<T>(T logW, T logWk) {}

  /**
   * @param minimised what the optimiser minimises (scalar, bits/dim)
   * @param negativeElbo the batch's plain negative ELBO (scalar, bits/dim): no warm-up, no free
   *     bits
   */
  record TrainingLoss<T>(T minimised, T negativeElbo) {}
}
