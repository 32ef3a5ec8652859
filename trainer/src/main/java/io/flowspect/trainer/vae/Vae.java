package io.flowspect.trainer.vae;

import io.flowspect.trainer.graph.Ops;

/**
 * A variational autoencoder (Kingma and Welling 2014): a convolutional encoder gives a diagonal
 * Gaussian posterior q(z | x) over a dense latent z with an N(0, I) prior; a convolutional decoder
 * gives p(x | z), a discretised logistic per sub-pixel (or a Bernoulli per binarised pixel, see
 * {@link Likelihood}). Draws use the reparameterisation z = mu + sigma * eps with eps passed in
 * (see {@link LatentNetwork}).
 */
public final class Vae extends DenseVaeModel {

  public Vae(VaeConfig config) {
    super(config);
  }

  @Override
  public <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T eps) {
    return new ImportanceWeights<>(networks.logWeights(ops, x, null, eps), null);
  }

  /**
   * The decoder's NLL of each sub-pixel at the posterior mean: a 32-number latent cannot encode a
   * scratch or a hole, so the decoder draws the good part it expects there and the defect's pixels
   * cost much more than under their own image's good neighbours.
   */
  @Override
  public <T> T reconstructionNll(Ops<T> ops, T x) {
    return networks.reconstructionNll(ops, x, null);
  }

  /** The mid-distribution CDF of each sub-pixel under the decoder at the posterior mean. */
  @Override
  public <T> T reconstructionCdf(Ops<T> ops, T x) {
    return networks.reconstructionCdf(ops, x, null);
  }

  @Override
  public <T> T decode(Ops<T> ops, T eps) {
    return networks.decode(ops, eps, null);
  }

  @Override
  public <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T eps, int n, long step) {
    return networks.trainingLoss(ops, x, null, eps, n, step);
  }
}
