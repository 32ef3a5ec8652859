package io.flowspect.core.image;

/**
 * An axis-aligned pixel rectangle: columns {@code x0 <= x < x1}, rows {@code y0 <= y < y1}.
 *
 * <p>The lower corner is inclusive and the upper one exclusive, as in {@code Arrays.copyOfRange},
 * so that {@code width() = x1 - x0} needs no {@code + 1} and an empty box is representable.
 *
 * @param x0 first column, at least 0
 * @param y0 first row, at least 0
 * @param x1 one past the last column, at least {@code x0}
 * @param y1 one past the last row, at least {@code y0}
 */
public record Box(int x0, int y0, int x1, int y1) {

  /** Validates the corners. */
  public Box {
    if (x0 < 0 || y0 < 0) {
      throw new IllegalArgumentException(
          "x0 and y0 must be at least 0, got x0 = " + x0 + ", y0 = " + y0);
    }
    if (x1 < x0) {
      throw new IllegalArgumentException("x1 must be at least x0 = " + x0 + ", got " + x1);
    }
    if (y1 < y0) {
      throw new IllegalArgumentException("y1 must be at least y0 = " + y0 + ", got " + y1);
    }
  }

  /**
   * Returns the number of columns.
   *
   * @return {@code x1 - x0}
   */
  public int width() {
    return x1 - x0;
  }

  /**
   * Returns the number of rows.
   *
   * @return {@code y1 - y0}
   */
  public int height() {
    return y1 - y0;
  }

  /**
   * Returns the number of pixels covered.
   *
   * @return {@code width() * height()}
   */
  public int area() {
    return width() * height();
  }

  /**
   * Tells whether pixel {@code (x, y)} lies inside.
   *
   * @param x column
   * @param y row
   * @return whether {@code x0 <= x < x1} and {@code y0 <= y < y1}
   */
  public boolean contains(int x, int y) {
    return x >= x0 && x < x1 && y >= y0 && y < y1;
  }

  /**
   * Tells whether the box holds a pixel of a mask.
   *
   * @param mask row-major pixels of an image {@code width} wide
   * @param width the image's columns
   * @return true when any pixel inside the box is set
   */
  public boolean overlaps(boolean[] mask, int width) {
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if (mask[y * width + x]) {
          return true;
        }
      }
    }
    return false;
  }
}
