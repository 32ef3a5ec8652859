package io.flowspect.core.tile;

import io.flowspect.core.image.InputSpec;

/**
 * Where the model-sized tiles of a large image go: the tile size (the model's input size) and the
 * step between tile origins.
 *
 * <p>Along each axis the origins are {@code 0, stride, 2 * stride, ...} for as long as a whole tile
 * fits, plus one last tile aligned to the right (bottom) edge when the regular ones leave pixels
 * uncovered, so every pixel is in at least one tile and no tile is ever padded or resampled: the
 * model sees pixels exactly as a small image of its input size would give them. The edge tile
 * overlaps its neighbour unless the image side is a multiple of the stride.
 *
 * <p>A stride equal to the tile size (the default) gives no overlap; a smaller stride gives
 * overlapping tiles, which catch a defect split across a tile border at the cost of more tiles
 * (stride t/2 gives about four times as many). A stride above the tile size would leave pixels
 * unscored and is refused.
 *
 * @param tileWidth tile width in pixels, the model input width, at least 1
 * @param tileHeight tile height in pixels, the model input height, at least 1
 * @param strideX step between tile origins along x, in pixels, 1..tileWidth
 * @param strideY step between tile origins along y, in pixels, 1..tileHeight
 */
public record TileLayout(int tileWidth, int tileHeight, int strideX, int strideY) {

  /** Validates the sizes. */
  public TileLayout {
    if (tileWidth < 1 || tileHeight < 1) {
      throw new IllegalArgumentException(
          "tile size must be at least 1 x 1, got " + tileWidth + " x " + tileHeight);
    }
    if (strideX < 1 || strideX > tileWidth) {
      throw new IllegalArgumentException(
          "strideX must be in 1.." + tileWidth + " (the tile width), got " + strideX);
    }
    if (strideY < 1 || strideY > tileHeight) {
      throw new IllegalArgumentException(
          "strideY must be in 1.." + tileHeight + " (the tile height), got " + strideY);
    }
  }

  /**
   * Returns non-overlapping tiles of a model's input size.
   *
   * @param spec the model input contract
   * @return tiles of {@code spec.width() x spec.height()}, stride the tile size
   */
  public static TileLayout of(InputSpec spec) {
    requireSpec(spec);
    return new TileLayout(spec.width(), spec.height(), spec.width(), spec.height());
  }

  /**
   * Returns tiles of a model's input size with the same stride along both axes.
   *
   * @param spec the model input contract
   * @param stride step between origins in pixels, 1..min(tile width, tile height)
   * @return the layout
   */
  public static TileLayout of(InputSpec spec, int stride) {
    requireSpec(spec);
    int most = Math.min(spec.width(), spec.height());
    if (stride < 1 || stride > most) {
      throw new IllegalArgumentException(
          "stride must be in 1.."
              + most
              + " (the smaller side of the "
              + spec.width()
              + " x "
              + spec.height()
              + " tile), got "
              + stride);
    }
    return new TileLayout(spec.width(), spec.height(), stride, stride);
  }

  /**
   * Tells whether neighbouring regular tiles overlap.
   *
   * @return true when a stride is smaller than the tile side
   */
  public boolean overlaps() {
    return strideX < tileWidth || strideY < tileHeight;
  }

  /**
   * Tells whether an image can be tiled: it is at least one tile in both sides.
   *
   * @param width image width in pixels
   * @param height image height in pixels
   * @return true when {@code width >= tileWidth} and {@code height >= tileHeight}
   */
  public boolean fits(int width, int height) {
    return width >= tileWidth && height >= tileHeight;
  }

  /**
   * Tells whether an image is strictly larger than one tile in both sides, the rule by which
   * callers choose tiling over resizing: an image of exactly the tile size is scored whole, and one
   * smaller in either side is resized by {@link InputSpec#toChw}.
   *
   * @param width image width in pixels
   * @param height image height in pixels
   * @return true when {@code width > tileWidth} and {@code height > tileHeight}
   */
  public boolean largerThanTile(int width, int height) {
    return width > tileWidth && height > tileHeight;
  }

  /**
   * Returns the tile origins along x for an image of this width.
   *
   * @param width image width in pixels, at least {@link #tileWidth}
   * @return ascending origins, the last equal to {@code width - tileWidth}
   */
  public int[] originsX(int width) {
    return origins("width", width, tileWidth, strideX);
  }

  /**
   * Returns the tile origins along y for an image of this height.
   *
   * @param height image height in pixels, at least {@link #tileHeight}
   * @return ascending origins, the last equal to {@code height - tileHeight}
   */
  public int[] originsY(int height) {
    return origins("height", height, tileHeight, strideY);
  }

  /**
   * Places the tiles on an image.
   *
   * @param width image width in pixels
   * @param height image height in pixels
   * @return the tiling
   * @throws IllegalArgumentException if the image is smaller than a tile in either side (resize
   *     such images instead), naming both sizes
   */
  public Tiling tile(int width, int height) {
    if (!fits(width, height)) {
      throw new IllegalArgumentException(
          "image of "
              + width
              + " x "
              + height
              + " pixels is smaller than the "
              + tileWidth
              + " x "
              + tileHeight
              + " tile; resize it to the model input instead of tiling it");
    }
    return new Tiling(width, height, this, originsX(width), originsY(height));
  }

  private static int[] origins(String side, int extent, int tile, int stride) {
    if (extent < tile) {
      throw new IllegalArgumentException(
          "image " + side + " " + extent + " is smaller than the tile " + side + " " + tile);
    }
    int regular = (extent - tile) / stride + 1;
    int last = (regular - 1) * stride;
    boolean edge = last + tile < extent;
    int[] out = new int[regular + (edge ? 1 : 0)];
    for (int i = 0; i < regular; i++) {
      out[i] = i * stride;
    }
    if (edge) {
      out[regular] = extent - tile;
    }
    return out;
  }

  private static void requireSpec(InputSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("spec must not be null");
    }
  }

  @Override
  public String toString() {
    return "TileLayout["
        + tileWidth
        + " x "
        + tileHeight
        + ", stride "
        + strideX
        + (strideX == strideY ? "" : " x " + strideY)
        + "]";
  }
}
