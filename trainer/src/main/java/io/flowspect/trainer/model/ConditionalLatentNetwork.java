package io.flowspect.trainer.model;

import io.flowspect.core.bundle.Condition;
import io.flowspect.trainer.graph.Ops;

/**
 * A latent-variable model conditioned on a class (family {@code cvae}): every pass takes, besides
 * the image and the noise, the one-hot vector {@code c} [N, C] of each image's class in {@link
 * #condition()}'s order, the same tensor the exported graphs take as input {@code c} (see {@link
 * io.flowspect.core.onnx.LatentModel}).
 *
 * <p>Its bounds are bounds on log p(x | c). The unconditional forms of {@link LatentNetwork} have
 * no meaning for it and throw; callers that handle both kinds go through the static {@code *Of}
 * methods, which take {@code c} (null for unconditional models).
 */
public interface ConditionalLatentNetwork extends LatentNetwork {

  /** The condition: its name and classes, in one-hot order; recorded in the manifest. */
  Condition condition();

  /**
   * Log importance weights of K samples per image, each image under its class.
   *
   * @param x raw pixel values [N, D]
   * @param c one-hot classes [N, C]
   * @param eps standard-normal noise [N, K * noiseDims]
   * @return as {@link LatentNetwork#logWeights}
   */
  <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T c, T eps);

  /**
   * Decodes prior draws under classes.
   *
   * @param c one-hot classes [M, C]
   * @param eps standard-normal noise [M, noiseDims]
   * @return the decoded images [M, D] on the 0..255 scale
   */
  <T> T decode(Ops<T> ops, T c, T eps);

  /** The training loss, as {@link LatentNetwork#trainingLoss}, with one-hot classes c [n, C]. */
  <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T c, T eps, int n, long step);

  @Override
  default <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T eps) {
    throw unconditioned();
  }

  @Override
  default <T> T decode(Ops<T> ops, T eps) {
    throw unconditioned();
  }

  @Override
  default <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T eps, int n, long step) {
    throw unconditioned();
  }

  private IllegalStateException unconditioned() {
    return new IllegalStateException(
        family().id()
            + " is conditioned on "
            + condition().name()
            + " "
            + condition().classes()
            + ": pass the one-hot classes c");
  }

  /** Log weights of any latent model: with c for a conditional one, without for the others. */
  static <T> ImportanceWeights<T> logWeightsOf(LatentNetwork model, Ops<T> ops, T x, T c, T eps) {
    return model instanceof ConditionalLatentNetwork cm
        ? cm.logWeights(ops, x, require(cm, c), eps)
        : model.logWeights(ops, x, eps);
  }

  /** Decoded prior draws of any latent model, with c for a conditional one. */
  static <T> T decodeOf(LatentNetwork model, Ops<T> ops, T c, T eps) {
    return model instanceof ConditionalLatentNetwork cm
        ? cm.decode(ops, require(cm, c), eps)
        : model.decode(ops, eps);
  }

  /** The training loss of any latent model, with c for a conditional one. */
  static <T> TrainingLoss<T> trainingLossOf(
      LatentNetwork model, Ops<T> ops, T x, T c, T eps, int n, long step) {
    return model instanceof ConditionalLatentNetwork cm
        ? cm.trainingLoss(ops, x, require(cm, c), eps, n, step)
        : model.trainingLoss(ops, x, eps, n, step);
  }

  /** The condition of a latent model, or null when it takes none. */
  static Condition conditionOf(LatentNetwork model) {
    return model instanceof ConditionalLatentNetwork cm ? cm.condition() : null;
  }

  private static <T> T require(ConditionalLatentNetwork model, T c) {
    if (c == null) {
      throw model.unconditioned();
    }
    return c;
  }
}
