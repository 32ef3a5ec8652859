package io.flowspect.trainer.vae;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.model.LatentNetwork.TrainingLoss;
import java.util.List;

/**
 * The VAE training objective, in one place: the negative ELBO with analytic KL terms, plus the two
 * standard aids against posterior collapse.
 *
 * <ul>
 *   <li>KL warm-up (Bowman et al. 2016, Sønderby et al. 2016): the KL weight beta rises linearly
 *       from 0 to 1 over the first {@code klWarmup} steps;
 *   <li>free bits (Kingma et al. 2016): each latent dimension's KL, averaged over the batch, counts
 *       as at least {@code freeBits} nats, so the optimiser gains nothing by collapsing it below.
 * </ul>
 *
 * Both only shape the optimisation; the reported negative ELBO has neither.
 */
final class Objective {

  private Objective() {}

  /** The KL weight at a step: linear from 1/klWarmup to 1; always 1 without warm-up. */
  static float klWeight(long step, int klWarmup) {
    return klWarmup <= 0 ? 1f : (float) Math.min(1.0, (step + 1.0) / klWarmup);
  }

  /**
   * @param reconstruction log p(x | z) per image [n], nats
   * @param kls each stochastic layer's analytic KL per image and dimension [n, dims_i], nats
   * @param n images
   * @param dims D, for bits/dim
   */
  static <T> TrainingLoss<T> loss(
      Ops<T> ops,
      T reconstruction,
      List<T> kls,
      int n,
      int dims,
      long step,
      int klWarmup,
      double freeBits) {
    T perImage = ops.scalar(1f / n);
    T nll = ops.neg(ops.mul(ops.sum(reconstruction, 0), perImage));
    T kl = ops.scalar(0f);
    T floored = ops.scalar(0f);
    for (T layer : kls) {
      T mean = ops.mul(ops.sum(layer, 0), perImage);
      kl = ops.add(kl, ops.sum(mean, 0));
      T held =
          freeBits > 0
              ? ops.add(
                  ops.relu(ops.sub(mean, ops.scalar((float) freeBits))),
                  ops.scalar((float) freeBits))
              : mean;
      floored = ops.add(floored, ops.sum(held, 0));
    }
    T toBits = ops.scalar((float) (1.0 / (dims * Math.log(2))));
    T beta = ops.scalar(klWeight(step, klWarmup));
    T minimised = ops.mul(ops.add(nll, ops.mul(beta, floored)), toBits);
    T negativeElbo = ops.mul(ops.add(nll, kl), toBits);
    return new TrainingLoss<>(minimised, negativeElbo);
  }
}
