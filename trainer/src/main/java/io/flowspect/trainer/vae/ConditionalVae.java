package io.flowspect.trainer.vae;

import io.flowspect.core.bundle.Condition;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.model.ConditionalLatentNetwork;

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
public final class ConditionalVae extends DenseVaeModel implements ConditionalLatentNetwork {

  private final Condition condition;

  public ConditionalVae(VaeConfig config) {
    super(config);
    this.condition = config.condition();
  }

  @Override
  public Condition condition() {
    return condition;
  }

  @Override
  public <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T c, T eps) {
    return new ImportanceWeights<>(networks.logWeights(ops, x, c, eps), null);
  }

  @Override
  public <T> T decode(Ops<T> ops, T c, T eps) {
    return networks.decode(ops, eps, c);
  }

  @Override
  public <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T c, T eps, int n, long step) {
    return networks.trainingLoss(ops, x, c, eps, n, step);
  }
}
