package io.flowspect.core.local;

import io.flowspect.core.image.Box;
import java.util.ArrayDeque;

/**
 * Finds the hottest square window of a standardised map with a summed-area table (every window's
 * mean in O(1)), and grows it into a region: the windows connected to it whose mean is above half
 * of its own and above a floor (how hot the hottest window of a typical good image is, when known).
 */
public final class WindowScan {

  /** Neighbouring windows above this fraction of the best window's mean join its region. */
  static final double REGION_FRACTION = 0.5;

  private WindowScan() {}

  /**
   * Scans one map.
   *
   * @param z standardised map, row-major
   * @param height rows
   * @param width columns
   * @param window window side, 1..min(height, width)
   * @return the local score and the hottest region
   */
  public static LocalFinding scan(float[] z, int height, int width, int window) {
    return scan(z, height, width, window, Double.NEGATIVE_INFINITY);
  }

  /**
   * Scans one map, growing the region only over windows hotter than a floor.
   *
   * @param z standardised map, row-major
   * @param height rows
   * @param width columns
   * @param window window side, 1..min(height, width)
   * @param floor windows at or below this mean do not join the region (the hottest always does)
   * @return the local score and the hottest region
   */
  public static LocalFinding scan(float[] z, int height, int width, int window, double floor) {
    return scan(z, height, width, window, floor, false);
  }

  /**
   * Scans one map, reading a signed map by the size of its window means: a window of residuals that
   * agree in sign stands out, one whose residuals cancel does not.
   *
   * @param z standardised or signed map, row-major
   * @param height rows
   * @param width columns
   * @param window window side, 1..min(height, width)
   * @param floor windows at or below this value do not join the region
   * @param signed read |window mean| instead of the window mean
   * @return the local score and the hottest region
   */
  public static LocalFinding scan(
      float[] z, int height, int width, int window, double floor, boolean signed) {
    double[] means = windowMeans(z, height, width, window);
    if (signed) {
      absolute(means);
    }
    int rows = height - window + 1;
    int cols = width - window + 1;
    int best = 0;
    for (int i = 1; i < means.length; i++) {
      if (means[i] > means[best]) {
        best = i;
      }
    }
    double top = means[best];
    int x0 = best % cols;
    int y0 = best / cols;
    int x1 = x0;
    int y1 = y0;
    if (top > 0) {
      double cut = Math.max(REGION_FRACTION * top, floor);
      boolean[] seen = new boolean[means.length];
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(best);
      seen[best] = true;
      while (!queue.isEmpty()) {
        int w = queue.poll();
        int wx = w % cols;
        int wy = w / cols;
        x0 = Math.min(x0, wx);
        y0 = Math.min(y0, wy);
        x1 = Math.max(x1, wx);
        y1 = Math.max(y1, wy);
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = wx + dx;
            int ny = wy + dy;
            if (nx >= 0 && ny >= 0 && nx < cols && ny < rows) {
              int k = ny * cols + nx;
              if (!seen[k] && means[k] > cut) {
                seen[k] = true;
                queue.add(k);
              }
            }
          }
        }
      }
    }
    int bx = best % cols;
    int by = best / cols;
    return new LocalFinding(
        top,
        new Box(x0, y0, x1 + window, y1 + window),
        bx + window / 2,
        by + window / 2,
        window == 1 ? LocalFinding.PIXEL : LocalFinding.WINDOW);
  }

  /**
   * Returns the hottest window's value only, without growing a region.
   *
   * @param z the map
   * @param height rows
   * @param width columns
   * @param window window side
   * @param signed read |window mean|
   * @return the largest window mean (or |window mean|)
   */
  public static double hottest(float[] z, int height, int width, int window, boolean signed) {
    double[] means = windowMeans(z, height, width, window);
    double best = Double.NEGATIVE_INFINITY;
    for (double m : means) {
      best = Math.max(best, signed ? Math.abs(m) : m);
    }
    return best;
  }

  private static void absolute(double[] means) {
    for (int i = 0; i < means.length; i++) {
      means[i] = Math.abs(means[i]);
    }
  }

  /**
   * Returns the mean of every window position, row-major over the (height - window + 1) x (width -
   * window + 1) top-left corners.
   *
   * @param z the map
   * @param height rows
   * @param width columns
   * @param window window side
   * @return the means
   */
  public static double[] windowMeans(float[] z, int height, int width, int window) {
    if (window < 1 || window > Math.min(height, width)) {
      throw new IllegalArgumentException(
          "window must be in 1.." + Math.min(height, width) + ", got " + window);
    }
    if (z.length != height * width) {
      throw new IllegalArgumentException(
          "map has " + z.length + " values, expected " + height + " x " + width);
    }
    int w1 = width + 1;
    double[] sat = new double[(height + 1) * w1];
    for (int y = 0; y < height; y++) {
      double row = 0;
      for (int x = 0; x < width; x++) {
        row += z[y * width + x];
        sat[(y + 1) * w1 + x + 1] = sat[y * w1 + x + 1] + row;
      }
    }
    int rows = height - window + 1;
    int cols = width - window + 1;
    double area = (double) window * window;
    double[] means = new double[rows * cols];
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        double s =
            sat[(y + window) * w1 + x + window]
                - sat[y * w1 + x + window]
                - sat[(y + window) * w1 + x]
                + sat[y * w1 + x];
        means[y * cols + x] = s / area;
      }
    }
    return means;
  }
}
