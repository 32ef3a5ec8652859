package io.flowspect.trainer.vae;

import io.flowspect.trainer.graph.Ops;

/**
 * The decoder likelihood of binarised images: an independent Bernoulli per sub-pixel with logit l,
 * log p(x | z) = sum_i x_i log sigma(l_i) + (1 - x_i) log sigma(-l_i) (Kingma and Welling 2014,
 * binarised MNIST). The input contract has already binarised the image (core's {@code
 * InputSpec.binarize}): its values are 0 or 255, read here as x = value / 255.
 *
 * <p>Computed as x l - softplus(l), the same quantity without a log of a small number: log sigma(l)
 * - log sigma(-l) = l, and log sigma(-l) = -softplus(l).
 */
public final class Bernoulli {

  private Bernoulli() {}

  /**
   * Log-probability of each image, summed over sub-pixels.
   *
   * @param x pixel values [M, D], 0 or 255
   * @param logits [M, D]
   * @return [M], nats
   */
  public static <T> T logProb(Ops<T> ops, T x, T logits) {
    return ops.sum(logProbPerSubPixel(ops, x, logits), 1);
  }

  /**
   * Log-probability of each sub-pixel, the terms {@link #logProb} sums.
   *
   * @param x pixel values [M, D], 0 or 255
   * @param logits [M, D]
   * @return [M, D], nats
   */
  public static <T> T logProbPerSubPixel(Ops<T> ops, T x, T logits) {
    T bit = ops.div(x, ops.scalar(255f));
    return ops.sub(ops.mul(bit, logits), Layers.softplus(ops, logits));
  }

  /** The probability image 255 sigma(l) on the 0..255 scale (the decoded image). */
  public static <T> T pixels(Ops<T> ops, T logits) {
    return ops.mul(ops.sigmoid(logits), ops.scalar(255f));
  }
}
