package io.flowspect.trainer.vae;

import io.flowspect.trainer.graph.Ops;

/**
 * The decoder likelihood of 8-bit sub-pixels: a logistic distribution discretised to the 256 bins
 * of [-1, 1] (PixelCNN++, Salimans et al. 2017), the edge bins taking the tails. Exactly normalised
 * over the 256 levels, so log p(x | z) is a log-probability of the discrete image.
 *
 * <p>Written without branches or comparisons: for an interior level the bin's mass is sigma(b) -
 * sigma(a) = sigma(b) sigma(-a) (1 - exp(a - b)), whose log is finite for any finite a &lt; b; the
 * edge levels 0 and 255 select the one-sided tails through masks computed from the integer pixel
 * values.
 */
public final class DiscretizedLogistic {

  /** Half a bin on the [-1, 1] scale. */
  private static final float HALF_BIN = 1f / 255f;

  /** Bound of the soft-clamped log scale (on the [-1, 1] scale). */
  public static final float LOG_SCALE_BOUND = 7f;

  private DiscretizedLogistic() {}

  /**
   * Log-probability of each image, summed over sub-pixels.
   *
   * @param x raw pixel values [M, D], integers 0..255
   * @param mean logistic location on the [-1, 1] scale [M, D]
   * @param rawLogScale unconstrained log scale [M, D], soft-clamped to +-{@value #LOG_SCALE_BOUND}
   * @return [M], nats
   */
  public static <T> T logProb(Ops<T> ops, T x, T mean, T rawLogScale) {
    return ops.sum(logProbPerSubPixel(ops, x, mean, rawLogScale), 1);
  }

  /**
   * Log-probability of each sub-pixel, the terms {@link #logProb} sums.
   *
   * @param x raw pixel values [M, D], integers 0..255
   * @param mean logistic location on the [-1, 1] scale [M, D]
   * @param rawLogScale unconstrained log scale [M, D]
   * @return [M, D], nats
   */
  public static <T> T logProbPerSubPixel(Ops<T> ops, T x, T mean, T rawLogScale) {
    T logScale = Layers.softClamp(ops, rawLogScale, LOG_SCALE_BOUND);
    T centred = ops.sub(ops.sub(ops.div(x, ops.scalar(127.5f)), ops.scalar(1f)), mean);
    T inverseScale = ops.exp(ops.neg(logScale));
    T a = ops.mul(inverseScale, ops.sub(centred, ops.scalar(HALF_BIN)));
    T b = ops.mul(inverseScale, ops.add(centred, ops.scalar(HALF_BIN)));
    T width = ops.mul(inverseScale, ops.scalar(2 * HALF_BIN));
    T isZero = ops.relu(ops.sub(ops.scalar(1f), x));
    T isTop = ops.relu(ops.sub(x, ops.scalar(254f)));
    T interior = ops.sub(ops.sub(ops.scalar(1f), isZero), isTop);
    T upper = ops.mul(Layers.logSigmoid(ops, b), ops.sub(ops.scalar(1f), isTop));
    T lower = ops.mul(Layers.logSigmoid(ops, ops.neg(a)), ops.sub(ops.scalar(1f), isZero));
    T binWidth = ops.mul(ops.log(ops.sub(ops.scalar(1f), ops.exp(ops.neg(width)))), interior);
    return ops.add(ops.add(upper, lower), binWidth);
  }

  /**
   * The mid-distribution CDF of each sub-pixel, P(X &lt; x) + P(X = x) / 2: uniform on (0, 1) when
   * x is drawn from the distribution (up to the discreteness), so Phi^-1 of it is a signed
   * standard-normal residual. It says which way a pixel is off (a stain darkens, a hole brightens),
   * which a neighbourhood can add up where the NLL's sign is lost.
   *
   * @param x raw pixel values [M, D], integers 0..255
   * @param mean logistic location on the [-1, 1] scale [M, D]
   * @param rawLogScale unconstrained log scale [M, D]
   * @return [M, D], in (0, 1)
   */
  public static <T> T midCdfPerSubPixel(Ops<T> ops, T x, T mean, T rawLogScale) {
    T logScale = Layers.softClamp(ops, rawLogScale, LOG_SCALE_BOUND);
    T centred = ops.sub(ops.sub(ops.div(x, ops.scalar(127.5f)), ops.scalar(1f)), mean);
    T inverseScale = ops.exp(ops.neg(logScale));
    T below = ops.sigmoid(ops.mul(inverseScale, ops.sub(centred, ops.scalar(HALF_BIN))));
    T upTo = ops.sigmoid(ops.mul(inverseScale, ops.add(centred, ops.scalar(HALF_BIN))));
    // Level 0 owns the lower tail (P(X < 0) = 0), level 255 the upper one (P(X <= 255) = 1).
    T isZero = ops.relu(ops.sub(ops.scalar(1f), x));
    T isTop = ops.relu(ops.sub(x, ops.scalar(254f)));
    T lower = ops.mul(below, ops.sub(ops.scalar(1f), isZero));
    T upper = ops.add(ops.mul(upTo, ops.sub(ops.scalar(1f), isTop)), isTop);
    return ops.mul(ops.add(lower, upper), ops.scalar(0.5f));
  }

  /** The location as a pixel value on the 0..255 scale (the decoded image). */
  public static <T> T pixels(Ops<T> ops, T mean) {
    return ops.mul(ops.add(mean, ops.scalar(1f)), ops.scalar(127.5f));
  }
}
