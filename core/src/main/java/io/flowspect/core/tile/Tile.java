package io.flowspect.core.tile;

import io.flowspect.core.image.RasterImage;

/**
 * One tile of a {@link Tiling}: its place in the tile grid and its box in image pixels.
 *
 * @param row grid row, 0 at the top
 * @param col grid column, 0 at the left
 * @param x first image column of the tile, in pixels
 * @param y first image row of the tile, in pixels
 * @param width tile width in pixels, at least 1
 * @param height tile height in pixels, at least 1
 */
public record Tile(int row, int col, int x, int y, int width, int height) {

  /** Validates that the box is non-empty and starts inside the first quadrant. */
  public Tile {
    if (row < 0 || col < 0) {
      throw new IllegalArgumentException(
          "row and col must not be negative, got row " + row + ", col " + col);
    }
    if (x < 0 || y < 0 || width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "tile box must have x, y >= 0 and width, height >= 1, got x "
              + x
              + ", y "
              + y
              + ", width "
              + width
              + ", height "
              + height);
    }
  }

  /**
   * Tells whether an image pixel lies in the tile.
   *
   * @param px image column
   * @param py image row
   * @return true when {@code x <= px < x + width} and {@code y <= py < y + height}
   */
  public boolean contains(int px, int py) {
    return px >= x && px < x + width && py >= y && py < y + height;
  }

  /**
   * Copies the tile's pixels out of an image, keeping its channels, so that the tile goes through
   * {@link io.flowspect.core.image.InputSpec#toChw} like any other image.
   *
   * @param image the image the tiling was made for
   * @return a {@code width x height} image with the image's channels
   * @throws IllegalArgumentException if the tile does not lie inside the image
   */
  public RasterImage cut(RasterImage image) {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    if (x + width > image.width() || y + height > image.height()) {
      throw new IllegalArgumentException(
          "tile at x "
              + x
              + ", y "
              + y
              + " of "
              + width
              + " x "
              + height
              + " does not fit in the "
              + image.width()
              + " x "
              + image.height()
              + " image");
    }
    int c = image.channels();
    byte[] src = image.pixels();
    byte[] out = new byte[width * height * c];
    int rowBytes = width * c;
    for (int ty = 0; ty < height; ty++) {
      System.arraycopy(src, ((y + ty) * image.width() + x) * c, out, ty * rowBytes, rowBytes);
    }
    return new RasterImage(width, height, c, out);
  }
}
