package io.flowspect.core.frames;

/**
 * A frame being made: linear RGB values (about 0..1), row-major, channels interleaved, and the mask
 * of the pixels a defect painted. Painters blend into it; {@link #toBytes} quantises.
 */
final class Frame {

  final int width;
  final int height;
  final double[] rgb;
  final boolean[] mask;

  Frame(int width, int height) {
    this.width = width;
    this.height = height;
    this.rgb = new double[width * height * 3];
    this.mask = new boolean[width * height];
  }

  boolean inside(int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height;
  }

  /** Mixes a colour into a pixel with weight {@code alpha} (0..1). */
  void blend(int x, int y, double r, double g, double b, double alpha) {
    if (!inside(x, y) || alpha <= 0) {
      return;
    }
    double a = Math.min(1, alpha);
    int i = 3 * (y * width + x);
    rgb[i] += a * (r - rgb[i]);
    rgb[i + 1] += a * (g - rgb[i + 1]);
    rgb[i + 2] += a * (b - rgb[i + 2]);
  }

  /** Multiplies a pixel's channels by factors, weighted by {@code alpha} (0..1). */
  void scale(int x, int y, double fr, double fg, double fb, double alpha) {
    if (!inside(x, y) || alpha <= 0) {
      return;
    }
    double a = Math.min(1, alpha);
    int i = 3 * (y * width + x);
    rgb[i] *= 1 + a * (fr - 1);
    rgb[i + 1] *= 1 + a * (fg - 1);
    rgb[i + 2] *= 1 + a * (fb - 1);
  }

  /** Puts a pixel in the defect's mask when the defect covers at least half of it. */
  void mark(int x, int y, double coverage) {
    if (inside(x, y) && coverage >= 0.5) {
      mask[y * width + x] = true;
    }
  }

  double channel(int x, int y, int c) {
    return rgb[3 * (y * width + x) + c];
  }

  /** Counts the marked pixels. */
  int marked() {
    int n = 0;
    for (boolean m : mask) {
      if (m) {
        n++;
      }
    }
    return n;
  }

  /** Quantises to 8-bit RGB, interleaved, clamping to 0..255. */
  byte[] toBytes() {
    byte[] out = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      long v = Math.round(rgb[i] * 255);
      out[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return out;
  }
}
