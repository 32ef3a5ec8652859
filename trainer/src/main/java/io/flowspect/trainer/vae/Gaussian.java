package io.flowspect.trainer.vae;

import io.flowspect.trainer.graph.Ops;

/** Diagonal Gaussian densities and divergences, element-wise (nats). */
final class Gaussian {

  private static final float HALF_LOG_TWO_PI = (float) (0.5 * Math.log(2 * Math.PI));

  /** Bound of the soft-clamped log standard deviations of priors and posteriors. */
  static final float LOG_SIGMA_BOUND = 6f;

  private Gaussian() {}

  /** A diagonal Gaussian's mean and log standard deviation, same shape. */
  record Params<T>(T mean, T logSigma) {

    /** The draw mean + exp(logSigma) * eps. */
    T draw(Ops<T> ops, T eps) {
      return ops.add(mean, ops.mul(ops.exp(logSigma), eps));
    }
  }

  /** log N(v; 0, 1). */
  static <T> T logStandard(Ops<T> ops, T v) {
    return ops.sub(ops.mul(ops.mul(v, v), ops.scalar(-0.5f)), ops.scalar(HALF_LOG_TWO_PI));
  }

  /**
   * log N(z; mean, exp(logSigma)^2) at z = mean + exp(logSigma) * eps, from eps itself (no
   * cancellation in z - mean).
   */
  static <T> T logDensityAtDraw(Ops<T> ops, T eps, T logSigma) {
    return ops.sub(logStandard(ops, eps), logSigma);
  }

  /** log N(z; mean, exp(logSigma)^2). */
  static <T> T logDensity(Ops<T> ops, T z, T mean, T logSigma) {
    T standardised = ops.mul(ops.sub(z, mean), ops.exp(ops.neg(logSigma)));
    return ops.sub(logStandard(ops, standardised), logSigma);
  }

  /** KL(N(mean, exp(logSigma)^2) || N(0, 1)). */
  static <T> T klFromStandard(Ops<T> ops, T mean, T logSigma) {
    T variance = ops.exp(ops.mul(logSigma, ops.scalar(2f)));
    T half =
        ops.mul(ops.sub(ops.add(ops.mul(mean, mean), variance), ops.scalar(1f)), ops.scalar(0.5f));
    return ops.sub(half, logSigma);
  }

  /** KL(N(meanQ, sigmaQ^2) || N(meanP, sigmaP^2)). */
  static <T> T kl(Ops<T> ops, T meanQ, T logSigmaQ, T meanP, T logSigmaP) {
    T diff = ops.sub(meanQ, meanP);
    T numerator = ops.add(ops.exp(ops.mul(logSigmaQ, ops.scalar(2f))), ops.mul(diff, diff));
    T ratio = ops.mul(numerator, ops.exp(ops.mul(logSigmaP, ops.scalar(-2f))));
    return ops.add(
        ops.sub(logSigmaP, logSigmaQ), ops.mul(ops.sub(ratio, ops.scalar(1f)), ops.scalar(0.5f)));
  }
}
