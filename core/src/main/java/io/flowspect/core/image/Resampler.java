package io.flowspect.core.image;

/**
 * Separable bilinear (triangle filter) resampling from HWC bytes to CHW bytes.
 *
 * <p>The filter's support grows with the shrink factor, as in Pillow's {@code BILINEAR}, so
 * shrinking a large photo averages all its pixels instead of sampling four of them (no aliasing).
 * When enlarging it is plain bilinear interpolation with half-pixel-centre alignment and clamped
 * edges. A constant image stays exactly constant. Stateless.
 */
final class Resampler {

  private Resampler() {}

  /** Weights of one output coordinate: source indices {@code start .. start+w.length-1}. */
  private record Taps(int start, double[] w) {}

  static byte[] resample(RasterImage src, int dw, int dh, ResizeMode mode) {
    int sw = src.width();
    int sh = src.height();
    double scaleX;
    double scaleY;
    double offX = 0;
    double offY = 0;
    if (mode == ResizeMode.RESIZE) {
      scaleX = sw / (double) dw;
      scaleY = sh / (double) dh;
    } else {
      // Output pixels per source pixel: the larger ratio makes the scaled image cover the target.
      double s = Math.max(dw / (double) sw, dh / (double) sh);
      scaleX = 1 / s;
      scaleY = 1 / s;
      offX = (sw - dw * scaleX) / 2;
      offY = (sh - dh * scaleY) / 2;
    }
    Taps[] tx = taps(sw, dw, scaleX, offX);
    Taps[] ty = taps(sh, dh, scaleY, offY);
    int c = src.channels();
    byte[] p = src.pixels();
    int rowLo = ty[0].start();
    int rowHi = ty[dh - 1].start() + ty[dh - 1].w().length;
    // Horizontal pass over the source rows that the vertical pass needs: tmp is [row][x][c].
    float[] tmp = new float[(rowHi - rowLo) * dw * c];
    for (int y = rowLo; y < rowHi; y++) {
      int srcRow = y * sw * c;
      int tmpRow = (y - rowLo) * dw * c;
      for (int x = 0; x < dw; x++) {
        Taps t = tx[x];
        for (int k = 0; k < c; k++) {
          double acc = 0;
          int idx = srcRow + t.start() * c + k;
          for (double w : t.w()) {
            acc += w * (p[idx] & 0xFF);
            idx += c;
          }
          tmp[tmpRow + x * c + k] = (float) acc;
        }
      }
    }
    byte[] out = new byte[c * dh * dw];
    int plane = dh * dw;
    for (int y = 0; y < dh; y++) {
      Taps t = ty[y];
      for (int x = 0; x < dw; x++) {
        for (int k = 0; k < c; k++) {
          double acc = 0;
          int idx = ((t.start() - rowLo) * dw + x) * c + k;
          for (double w : t.w()) {
            acc += w * tmp[idx];
            idx += dw * c;
          }
          long v = Math.round(acc);
          out[k * plane + y * dw + x] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    return out;
  }

  /**
   * Filter taps for one axis.
   *
   * @param n source length
   * @param m output length
   * @param scale source pixels per output pixel
   * @param offset source coordinate of the output's left (top) edge
   */
  private static Taps[] taps(int n, int m, double scale, double offset) {
    double support = Math.max(scale, 1.0);
    Taps[] taps = new Taps[m];
    for (int i = 0; i < m; i++) {
      double center = (i + 0.5) * scale + offset;
      int lo = Math.max(0, (int) Math.floor(center - support));
      int hi = Math.min(n - 1, (int) Math.ceil(center + support));
      double[] w = new double[hi - lo + 1];
      double sum = 0;
      for (int j = lo; j <= hi; j++) {
        double v = 1 - Math.abs(j + 0.5 - center) / support;
        if (v > 0) {
          w[j - lo] = v;
          sum += v;
        }
      }
      if (sum <= 0) {
        // Cannot happen for centres inside the source; nearest pixel as a safe fallback.
        int nearest = Math.max(0, Math.min(n - 1, (int) Math.floor(center)));
        taps[i] = new Taps(nearest, new double[] {1.0});
        continue;
      }
      for (int j = 0; j < w.length; j++) {
        w[j] /= sum;
      }
      taps[i] = new Taps(lo, w);
    }
    return taps;
  }
}
