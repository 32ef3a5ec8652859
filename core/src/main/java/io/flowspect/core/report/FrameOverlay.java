package io.flowspect.core.report;

import io.flowspect.core.image.RasterImage;
import java.awt.image.BufferedImage;

/**
 * A frame, its anomaly map and its outlines side by side, for people to look at: the frame with the
 * true defect outlined in green; the anomaly map in {@link Colormap#INFERNO} over the frame; the
 * frame with the defect the map finds (its pixels above the pixel threshold) outlined in red and
 * the truth in green.
 */
public final class FrameOverlay {

  /** Green: the defect's true outline. */
  static final int TRUTH_RGB = 0x33FF33;

  /** Red: the outline of what the map finds. */
  static final int FOUND_RGB = 0xFF3333;

  private FrameOverlay() {}

  /**
   * Renders the three panels, {@link Heatmap#GAP} white pixels apart.
   *
   * @param frame the frame (grey or RGB)
   * @param anomaly its anomaly map, {@code height * width}, row-major
   * @param low the map value drawn darkest
   * @param high the map value drawn brightest
   * @param truth the defect's pixels, or null for none
   * @param found the pixels the map finds, or null for none
   * @return the picture
   */
  public static BufferedImage render(
      RasterImage frame,
      float[] anomaly,
      double low,
      double high,
      boolean[] truth,
      boolean[] found) {
    int w = frame.width();
    int h = frame.height();
    int gap = Heatmap.GAP;
    BufferedImage out = new BufferedImage(3 * w + 2 * gap, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        int rgb = rgb(frame, p);
        double t = (anomaly[p] - low) / Math.max(1e-12, high - low);
        int heat = Colormap.INFERNO.rgb(Math.max(0, Math.min(1, t)));
        out.setRGB(x, y, outline(truth, w, h, x, y) ? TRUTH_RGB : rgb);
        out.setRGB(w + gap + x, y, mix(rgb, heat, 0.75));
        int third = rgb;
        if (outline(found, w, h, x, y)) {
          third = FOUND_RGB;
        } else if (outline(truth, w, h, x, y)) {
          third = TRUTH_RGB;
        }
        out.setRGB(2 * (w + gap) + x, y, third);
      }
    }
    for (int y = 0; y < h; y++) {
      for (int g = 0; g < gap; g++) {
        out.setRGB(w + g, y, 0xFFFFFF);
        out.setRGB(2 * w + gap + g, y, 0xFFFFFF);
      }
    }
    return out;
  }

  private static int rgb(RasterImage frame, int p) {
    byte[] px = frame.pixels();
    if (frame.channels() == 1) {
      int v = px[p] & 0xFF;
      return (v << 16) | (v << 8) | v;
    }
    int c = frame.channels();
    return ((px[c * p] & 0xFF) << 16) | ((px[c * p + 1] & 0xFF) << 8) | (px[c * p + 2] & 0xFF);
  }

  /** True for a pixel of the mask with a 4-neighbour outside it. */
  private static boolean outline(boolean[] mask, int w, int h, int x, int y) {
    if (mask == null || !mask[y * w + x]) {
      return false;
    }
    return x == 0
        || y == 0
        || x == w - 1
        || y == h - 1
        || !mask[y * w + x - 1]
        || !mask[y * w + x + 1]
        || !mask[(y - 1) * w + x]
        || !mask[(y + 1) * w + x];
  }

  private static int mix(int a, int b, double t) {
    int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
    int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
    int bl = (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
    return (r << 16) | (g << 8) | bl;
  }
}
