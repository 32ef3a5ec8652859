package io.flowspect.core.data;

import io.flowspect.core.image.RasterImage;
import java.util.Arrays;

/**
 * The content of an IDX3 unsigned-byte image file (the MNIST / Fashion-MNIST format).
 *
 * <p>The array is not copied: do not modify it. Equality compares contents.
 *
 * @param count number of images
 * @param rows image height in pixels
 * @param cols image width in pixels
 * @param pixels {@code count * rows * cols} unsigned bytes, image by image, row-major
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

  /** Validates the sizes against the pixel array. */
  public IdxImages {
    if (count < 0 || rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "count must be >= 0 and rows, cols >= 1, got " + count + ", " + rows + ", " + cols);
    }
    if (pixels == null || pixels.length != (long) count * rows * cols) {
      throw new IllegalArgumentException(
          "pixels must have count * rows * cols = "
              + ((long) count * rows * cols)
              + " bytes, got "
              + (pixels == null ? "null" : pixels.length));
    }
  }

  /**
   * Returns image {@code index} as a 1-channel image (a copy).
   *
   * @param index 0..count-1
   * @return a {@code cols x rows} gray image
   */
  public RasterImage image(int index) {
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("index must be in 0.." + (count - 1) + ", got " + index);
    }
    int size = rows * cols;
    return new RasterImage(
        cols, rows, 1, Arrays.copyOfRange(pixels, index * size, (index + 1) * size));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxImages other
        && count == other.count
        && rows == other.rows
        && cols == other.cols
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * count + rows) + cols) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "IdxImages[" + count + " x " + rows + " x " + cols + "]";
  }
}
