package io.flowspect.core.local;

/** A separable Gaussian blur with edges clamped (the edge pixel repeats), for maps of floats. */
final class GaussianBlur {

  private GaussianBlur() {}

  /**
   * Blurs a map.
   *
   * @param map row-major values
   * @param width columns
   * @param height rows
   * @param sigma standard deviation in pixels, above 0
   * @return a new blurred map
   */
  static float[] blur(float[] map, int width, int height, double sigma) {
    int radius = Math.max(1, (int) Math.ceil(3 * sigma));
    double[] kernel = new double[2 * radius + 1];
    double total = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = StrictMath.exp(-0.5 * i * i / (sigma * sigma));
      total += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= total;
    }
    float[] rows = new float[map.length];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        double s = 0;
        for (int k = -radius; k <= radius; k++) {
          int xx = Math.min(width - 1, Math.max(0, x + k));
          s += kernel[k + radius] * map[row + xx];
        }
        rows[row + x] = (float) s;
      }
    }
    float[] out = new float[map.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double s = 0;
        for (int k = -radius; k <= radius; k++) {
          int yy = Math.min(height - 1, Math.max(0, y + k));
          s += kernel[k + radius] * rows[yy * width + x];
        }
        out[y * width + x] = (float) s;
      }
    }
    return out;
  }
}
