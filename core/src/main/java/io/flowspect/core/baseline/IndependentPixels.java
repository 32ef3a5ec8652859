package io.flowspect.core.baseline;

import java.util.List;

/**
 * Independent pixels: every sub-pixel its own categorical over the 256 levels, with add-one
 * (Laplace) counts, p(x) = prod_d (n_d(x_d) + 1) / (N + 256). A naive Bayes density: it knows each
 * position's usual values and nothing of how positions go together.
 */
public final class IndependentPixels implements BaselineDensity {

  private static final int LEVELS = 256;

  /** log p of level v at sub-pixel d, at [d * 256 + v]. */
  private final double[] logProb;

  private final int dims;

  private IndependentPixels(double[] logProb, int dims) {
    this.logProb = logProb;
    this.dims = dims;
  }

  /**
   * Counts the levels of every sub-pixel.
   *
   * @param images training images, CHW 8-bit, each {@code dims} long; at least one
   * @param dims sub-pixels per image
   * @return the fitted density
   * @throws IllegalArgumentException for no images or an image of another length, naming it
   */
  public static IndependentPixels fit(List<byte[]> images, int dims) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("independent pixels need at least one training image");
    }
    long[] counts = new long[dims * LEVELS];
    for (int i = 0; i < images.size(); i++) {
      byte[] x = checked(images.get(i), dims, i);
      for (int d = 0; d < dims; d++) {
        counts[d * LEVELS + (x[d] & 0xFF)]++;
      }
    }
    double[] logProb = new double[counts.length];
    double total = Math.log(images.size() + (double) LEVELS);
    for (int k = 0; k < counts.length; k++) {
      logProb[k] = Math.log(counts[k] + 1.0) - total;
    }
    return new IndependentPixels(logProb, dims);
  }

  static byte[] checked(byte[] x, int dims, int index) {
    if (x.length != dims) {
      throw new IllegalArgumentException(
          "image " + index + " has " + x.length + " sub-pixels, the density takes " + dims);
    }
    return x;
  }

  @Override
  public String id() {
    return "independent";
  }

  @Override
  public String description() {
    return "a categorical over 256 levels per sub-pixel, add-one counts (naive Bayes)";
  }

  @Override
  public double[] logPx(List<byte[]> images) {
    double[] out = new double[images.size()];
    for (int i = 0; i < out.length; i++) {
      byte[] x = checked(images.get(i), dims, i);
      double sum = 0;
      for (int d = 0; d < dims; d++) {
        sum += logProb[d * LEVELS + (x[d] & 0xFF)];
      }
      out[i] = sum;
    }
    return out;
  }
}
