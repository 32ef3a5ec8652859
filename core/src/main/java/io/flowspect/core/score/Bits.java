package io.flowspect.core.score;

/**
 * Converts between a log-likelihood and bits per dimension (bpd), the unit that makes likelihoods
 * of images of different sizes comparable: bpd = -log2 p(x) / D, i.e. the average number of bits a
 * lossless code built from the model needs per 8-bit sample (8 means no better than uniform).
 * Stateless.
 */
public final class Bits {

  private static final double LN2 = Math.log(2);

  private Bits() {}

  /**
   * Returns {@code -logPxNats / (dims * ln 2)}.
   *
   * @param logPxNats natural-log likelihood of one image, nats
   * @param dims D, number of samples per image (channels * height * width), at least 1
   * @return bits per dimension
   */
  public static double bitsPerDim(double logPxNats, int dims) {
    checkDims(dims);
    return -logPxNats / (dims * LN2);
  }

  /**
   * Inverse of {@link #bitsPerDim}: returns {@code -bpd * dims * ln 2}.
   *
   * @param bpd bits per dimension
   * @param dims D, number of samples per image, at least 1
   * @return natural-log likelihood, nats
   */
  public static double logPxFromBitsPerDim(double bpd, int dims) {
    checkDims(dims);
    return -bpd * dims * LN2;
  }

  private static void checkDims(int dims) {
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be at least 1, got " + dims);
    }
  }
}
