package io.flowspect.core.report;

/**
 * A 256-entry colour lookup table for scalar maps.
 *
 * <p>{@link #INFERNO} is perceptually uniform (equal steps in value look like equal steps in
 * colour, unlike a rainbow), reads from black through purple and orange to pale yellow, stays
 * ordered in grayscale print and for the common colour-vision deficiencies. Its 256 entries are
 * interpolated linearly between 16 anchors, every 17th entry of matplotlib's {@code inferno} table
 * (Nathaniel Smith and Stéfan van der Walt, CC0); the interpolated entries stay within a few of 255
 * levels of the original table (at most 5 where it was checked).
 *
 * <p>Immutable and thread-safe.
 */
public final class Colormap {

  /** Dark (low values) to bright (high values): black, purple, red-orange, pale yellow. */
  public static final Colormap INFERNO =
      new Colormap(
          new double[][] {
            {0.001462, 0.000466, 0.013866},
            {0.046915, 0.030324, 0.150164},
            {0.142378, 0.046242, 0.308553},
            {0.258234, 0.038571, 0.406485},
            {0.366529, 0.071579, 0.431994},
            {0.472328, 0.110547, 0.428334},
            {0.578304, 0.148039, 0.404411},
            {0.682656, 0.189501, 0.360757},
            {0.780517, 0.243327, 0.299523},
            {0.865006, 0.316822, 0.226055},
            {0.929644, 0.411479, 0.145367},
            {0.970919, 0.522853, 0.058367},
            {0.987622, 0.645320, 0.039886},
            {0.978806, 0.774545, 0.176037},
            {0.950018, 0.903409, 0.380271},
            {0.988362, 0.998364, 0.644924}
          });

  /** Number of entries in the table. */
  public static final int SIZE = 256;

  private final int[] table = new int[SIZE];

  /** Interpolates {@link #SIZE} entries between anchors spaced evenly from 0 to 1. */
  private Colormap(double[][] anchors) {
    int segments = anchors.length - 1;
    for (int i = 0; i < SIZE; i++) {
      double position = i * (double) segments / (SIZE - 1);
      int k = Math.min(segments - 1, (int) position);
      double f = position - k;
      int rgb = 0;
      for (int c = 0; c < 3; c++) {
        double value = (1 - f) * anchors[k][c] + f * anchors[k + 1][c];
        rgb = (rgb << 8) | (int) Math.round(value * 255);
      }
      table[i] = rgb;
    }
  }

  /**
   * Returns the colour of a position on the map.
   *
   * @param t position, 0 = lowest colour, 1 = highest; values outside [0, 1] (infinities included)
   *     are clamped
   * @return the colour as {@code 0xRRGGBB}
   * @throws IllegalArgumentException if t is NaN
   */
  public int rgb(double t) {
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("t must not be NaN");
    }
    double clamped = Math.max(0, Math.min(1, t));
    return table[(int) Math.round(clamped * (SIZE - 1))];
  }
}
