package io.flowspect.core.signal;

/**
 * mu-law companding with mu = 255 (ITU-T G.711, as WaveNet quantises audio): a float sample in [-1,
 * 1] to one of 256 levels, fine near zero and coarse near full scale, so that a vibration signal's
 * quiet background keeps its detail in 8 bits.
 *
 * <p>F(x) = sign(x) ln(1 + mu |x|) / ln(1 + mu), level = round((F(x) + 1) / 2 * 255). Samples
 * beyond full scale are clipped to it (a saturated sensor); NaN is refused.
 */
public final class MuLaw {

  /** mu. */
  public static final double MU = 255;

  private static final double LOG_1P_MU = Math.log1p(MU);

  private MuLaw() {}

  /**
   * Encodes one sample.
   *
   * @param x the sample as a fraction of full scale
   * @return the level 0..255
   * @throws IllegalArgumentException for NaN
   */
  public static int encode(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("a NaN sample has no mu-law level");
    }
    double c = Math.max(-1, Math.min(1, x));
    double f = Math.signum(c) * Math.log1p(MU * Math.abs(c)) / LOG_1P_MU;
    return (int) Math.round((f + 1) / 2 * 255);
  }

  /**
   * Decodes a level to the sample at its centre.
   *
   * @param level 0..255
   * @return the sample as a fraction of full scale
   */
  public static double decode(int level) {
    if (level < 0 || level > 255) {
      throw new IllegalArgumentException("a mu-law level is 0..255, got " + level);
    }
    double f = level / 255.0 * 2 - 1;
    return Math.signum(f) * Math.expm1(Math.abs(f) * LOG_1P_MU) / MU;
  }

  /**
   * Encodes samples given in a sensor's units.
   *
   * @param samples the samples
   * @param fullScale the sensor's full scale in the same units, positive
   * @return one level per sample, as unsigned bytes
   */
  public static byte[] encode(float[] samples, double fullScale) {
    if (!(fullScale > 0)) {
      throw new IllegalArgumentException("full scale must be positive, got " + fullScale);
    }
    byte[] out = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = (byte) encode(samples[i] / fullScale);
    }
    return out;
  }
}
