package io.flowspect.core.defect;

/**
 * A working copy of one image that a painter draws a defect onto.
 *
 * <p>Values are kept as doubles in 0..255 while painting, so that strokes drawn over each other are
 * rounded once, at the end. Every write marks its pixel as touched: the touched pixels become the
 * defect's mask. Reads of the good image ({@link #original}, {@link #sample}) never see the paint;
 * reads of {@link #current} do.
 */
final class Canvas {

  /** The side of the images the defect sizes are designed for (Fashion-MNIST). */
  static final double DESIGN_SIDE = 28;

  private static final int SUBSAMPLES = 4;

  private final byte[] original;
  private final int channels;
  private final int height;
  private final int width;
  private final int plane;
  private final double[] work;
  private final boolean[] touched;

  Canvas(byte[] original, int channels, int height, int width) {
    this.original = original;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.plane = height * width;
    this.work = new double[original.length];
    for (int i = 0; i < original.length; i++) {
      work[i] = original[i] & 0xFF;
    }
    this.touched = new boolean[plane];
  }

  int channels() {
    return channels;
  }

  int height() {
    return height;
  }

  int width() {
    return width;
  }

  /**
   * The factor applied to defect sizes: 1 for {@link Severity#SUBTLE}, whose window is in absolute
   * pixels, else the shorter image side over {@link #DESIGN_SIDE}.
   */
  double scale(Severity severity) {
    return severity == Severity.SUBTLE ? 1 : Math.min(height, width) / DESIGN_SIDE;
  }

  /** The centre of pixel {@code index}, moved by up to half a pixel so shapes fall off-grid. */
  Point at(int index, Dice dice) {
    return new Point(
        index % width + dice.uniform(-0.5, 0.5), index / width + dice.uniform(-0.5, 0.5));
  }

  /** Receives one pixel of a window. */
  @FunctionalInterface
  interface Pixel {
    void at(int x, int y);
  }

  /**
   * Visits, row by row, every pixel a shape around a point reaching {@code extent} pixels can touch
   * (one pixel of margin), clipped to the image.
   */
  void around(Point centre, double extent, Pixel visit) {
    around(centre.x(), centre.y(), centre.x(), centre.y(), extent, visit);
  }

  /**
   * Visits, row by row, every pixel a shape spanning a box and reaching {@code extent} pixels
   * beyond it can touch (one pixel of margin), clipped to the image.
   */
  void around(double minX, double minY, double maxX, double maxY, double extent, Pixel visit) {
    int left = (int) Math.max(0, Math.floor(minX - extent - 1));
    int right = (int) Math.min(width - 1, Math.ceil(maxX + extent + 1));
    int top = (int) Math.max(0, Math.floor(minY - extent - 1));
    int bottom = (int) Math.min(height - 1, Math.ceil(maxY + extent + 1));
    for (int y = top; y <= bottom; y++) {
      for (int x = left; x <= right; x++) {
        visit.at(x, y);
      }
    }
  }

  /** The good image's value of channel {@code c} at pixel {@code (x, y)}. */
  double original(int c, int x, int y) {
    return original[c * plane + y * width + x] & 0xFF;
  }

  /** The painted value of channel {@code c} at pixel {@code (x, y)}. */
  double current(int c, int x, int y) {
    return work[c * plane + y * width + x];
  }

  /** Sets channel {@code c} of pixel {@code (x, y)}, clamped to 0..255, and marks it touched. */
  void set(int c, int x, int y, double value) {
    work[c * plane + y * width + x] = Math.max(0, Math.min(255, value));
    touched[y * width + x] = true;
  }

  /** Moves every channel of pixel {@code (x, y)} towards {@code target} by fraction alpha. */
  void blend(int x, int y, double target, double alpha) {
    if (alpha <= 0) {
      return;
    }
    double a = Math.min(1, alpha);
    for (int c = 0; c < channels; c++) {
      double v = current(c, x, y);
      set(c, x, y, v + (target - v) * a);
    }
  }

  /** Moves each channel {@code c} of pixel {@code (x, y)} towards {@code target[c]}. */
  void blend(int x, int y, double[] target, double alpha) {
    if (alpha <= 0) {
      return;
    }
    double a = Math.min(1, alpha);
    for (int c = 0; c < channels; c++) {
      double v = current(c, x, y);
      set(c, x, y, v + (target[c] - v) * a);
    }
  }

  /**
   * Samples channel {@code c} of the good image at a fractional position, bilinearly, clamping to
   * the border (so a shifted or smeared region never reads outside the image).
   */
  double sample(int c, double x, double y) {
    double cx = Math.max(0, Math.min(width - 1, x));
    double cy = Math.max(0, Math.min(height - 1, y));
    int x0 = (int) Math.floor(cx);
    int y0 = (int) Math.floor(cy);
    int x1 = Math.min(width - 1, x0 + 1);
    int y1 = Math.min(height - 1, y0 + 1);
    double fx = cx - x0;
    double fy = cy - y0;
    double top = original(c, x0, y0) * (1 - fx) + original(c, x1, y0) * fx;
    double bottom = original(c, x0, y1) * (1 - fx) + original(c, x1, y1) * fx;
    return top * (1 - fy) + bottom * fy;
  }

  /**
   * The fraction of pixel {@code (x, y)} that {@code region} covers, from 4 x 4 subsamples: the
   * anti-aliasing a camera's pixel integration gives real edges.
   */
  double coverage(Region region, int x, int y) {
    int inside = 0;
    for (int sy = 0; sy < SUBSAMPLES; sy++) {
      double py = y - 0.5 + (sy + 0.5) / SUBSAMPLES;
      for (int sx = 0; sx < SUBSAMPLES; sx++) {
        if (region.contains(x - 0.5 + (sx + 0.5) / SUBSAMPLES, py)) {
          inside++;
        }
      }
    }
    return inside / (double) (SUBSAMPLES * SUBSAMPLES);
  }

  /** Rounds the paint into an image and counts the pixels it changed. */
  Attempt finish() {
    byte[] image = new byte[original.length];
    for (int i = 0; i < work.length; i++) {
      image[i] = (byte) Math.round(work[i]);
    }
    boolean[] changedMask = new boolean[plane];
    int changed = 0;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < channels; c++) {
        if (image[c * plane + i] != original[c * plane + i]) {
          changedMask[i] = true;
          changed++;
          break;
        }
      }
    }
    return new Attempt(image, touched.clone(), changedMask, changed, width);
  }
}
