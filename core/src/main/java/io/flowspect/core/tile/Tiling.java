package io.flowspect.core.tile;

import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.SizeCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tiles of one image size under a {@link TileLayout}: a grid of {@code rows x cols} tiles,
 * numbered row-major (tile {@code i} is row {@code i / cols}, column {@code i % cols}), which is
 * also the order of every per-tile array in this package.
 *
 * <p>Made by {@link TileLayout#tile}; immutable (the origin arrays are copied in and out).
 *
 * @param imageWidth image width in pixels
 * @param imageHeight image height in pixels
 * @param layout tile size and stride
 * @param originsX tile origins along x, ascending, from {@link TileLayout#originsX}
 * @param originsY tile origins along y, ascending, from {@link TileLayout#originsY}
 */
public record Tiling(
    int imageWidth, int imageHeight, TileLayout layout, int[] originsX, int[] originsY) {

  /** Validates that every tile lies inside the image; copies the arrays. */
  public Tiling {
    if (layout == null || originsX == null || originsY == null) {
      throw new IllegalArgumentException("layout and origins must not be null");
    }
    if (originsX.length == 0 || originsY.length == 0) {
      throw new IllegalArgumentException("a tiling needs at least one origin along each axis");
    }
    check("originsX", originsX, imageWidth, layout.tileWidth());
    check("originsY", originsY, imageHeight, layout.tileHeight());
    originsX = originsX.clone();
    originsY = originsY.clone();
  }

  /**
   * Returns the tile origins along x.
   *
   * @return a copy, ascending
   */
  @Override
  public int[] originsX() {
    return originsX.clone();
  }

  /**
   * Returns the tile origins along y.
   *
   * @return a copy, ascending
   */
  @Override
  public int[] originsY() {
    return originsY.clone();
  }

  /**
   * Returns the number of tile rows.
   *
   * @return at least 1
   */
  public int rows() {
    return originsY.length;
  }

  /**
   * Returns the number of tile columns.
   *
   * @return at least 1
   */
  public int cols() {
    return originsX.length;
  }

  /**
   * Returns the number of tiles, {@code rows() * cols()}.
   *
   * @return at least 1
   */
  public int count() {
    return rows() * cols();
  }

  /**
   * Returns one tile.
   *
   * @param row 0..rows()-1
   * @param col 0..cols()-1
   * @return its grid position and pixel box
   */
  public Tile tile(int row, int col) {
    if (row < 0 || row >= rows() || col < 0 || col >= cols()) {
      throw new IllegalArgumentException(
          "tile (row "
              + row
              + ", col "
              + col
              + ") is outside the "
              + rows()
              + " x "
              + cols()
              + " grid");
    }
    return new Tile(
        row, col, originsX[col], originsY[row], layout.tileWidth(), layout.tileHeight());
  }

  /**
   * Returns a tile by its row-major index.
   *
   * @param index 0..count()-1
   * @return tile {@code (index / cols(), index % cols())}
   */
  public Tile tile(int index) {
    if (index < 0 || index >= count()) {
      throw new IllegalArgumentException("tile index " + index + " is outside 0.." + (count() - 1));
    }
    return tile(index / cols(), index % cols());
  }

  /**
   * Returns every tile, row-major.
   *
   * @return {@link #count()} tiles
   */
  public List<Tile> tiles() {
    List<Tile> out = new ArrayList<>(count());
    for (int i = 0; i < count(); i++) {
      out.add(tile(i));
    }
    return out;
  }

  /**
   * Tells whether the tiles partition the image exactly: no two tiles share a pixel, so a value per
   * tile is a value per pixel without any choice (a uniform {@code rows x cols} grid).
   *
   * @return true when the layout does not overlap and the image sides are multiples of the tile
   */
  public boolean partitions() {
    return !layout.overlaps()
        && imageWidth % layout.tileWidth() == 0
        && imageHeight % layout.tileHeight() == 0;
  }

  /**
   * Cuts an image into its tiles with {@link Tile#cut}.
   *
   * @param image an image of {@code imageWidth x imageHeight}
   * @return {@link #count()} tile images, row-major, with the image's channels
   */
  public List<RasterImage> cut(RasterImage image) {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    SizeCheck.requireSame(
        image.width(),
        image.height(),
        imageWidth,
        imageHeight,
        (size, expected) -> "image is " + size + ", the tiling was made for " + expected);
    List<RasterImage> out = new ArrayList<>(count());
    for (int i = 0; i < count(); i++) {
      out.add(tile(i).cut(image));
    }
    return out;
  }

  /**
   * Spreads per-tile values over the image: each pixel takes the largest value of the tiles that
   * cover it (NaN values are ignored; a pixel whose covering tiles are all NaN is NaN). With
   * overlapping tiles this is the conservative picture: a pixel is as hot as the hottest tile that
   * saw it.
   *
   * @param values {@link #count()} values, row-major
   * @return {@code imageHeight * imageWidth} values, row-major
   */
  public float[] pixelMax(double[] values) {
    if (values == null || values.length != count()) {
      throw new IllegalArgumentException(
          "values must hold one value per tile, "
              + count()
              + ", got "
              + (values == null ? "null" : values.length));
    }
    float[] map = new float[imageWidth * imageHeight];
    Arrays.fill(map, Float.NaN);
    int tw = layout.tileWidth();
    int th = layout.tileHeight();
    for (int i = 0; i < values.length; i++) {
      float v = (float) values[i];
      if (Float.isNaN(v)) {
        continue;
      }
      int x0 = originsX[i % cols()];
      int y0 = originsY[i / cols()];
      for (int y = y0; y < y0 + th; y++) {
        int row = y * imageWidth;
        for (int x = x0; x < x0 + tw; x++) {
          float old = map[row + x];
          if (Float.isNaN(old) || v > old) {
            map[row + x] = v;
          }
        }
      }
    }
    return map;
  }

  /**
   * Stitches per-tile maps into one map of the image without seams: each pixel is the weighted mean
   * of the values the tiles covering it give it, each tile weighing its pixels by a window that is
   * highest at its centre and falls towards its edges (never to zero). A tile's edge pixels, where
   * a model sees the least context, count least wherever another tile covers them better; and the
   * weights of a pixel sum to one, so a constant map stays exactly constant.
   *
   * @param tileMaps {@link #count()} maps of {@code tileHeight * tileWidth} values, row-major
   * @return {@code imageHeight * imageWidth} values, row-major
   */
  public float[] blend(float[][] tileMaps) {
    if (tileMaps == null || tileMaps.length != count()) {
      throw new IllegalArgumentException(
          "need one map per tile, "
              + count()
              + ", got "
              + (tileMaps == null ? "null" : tileMaps.length));
    }
    int tw = layout.tileWidth();
    int th = layout.tileHeight();
    double[] wx = window(tw);
    double[] wy = window(th);
    double[] sum = new double[imageWidth * imageHeight];
    double[] weight = new double[imageWidth * imageHeight];
    for (int i = 0; i < tileMaps.length; i++) {
      float[] m = tileMaps[i];
      if (m.length != tw * th) {
        throw new IllegalArgumentException(
            "tile " + i + ": map of " + m.length + " values, the tile has " + tw * th);
      }
      int x0 = originsX[i % cols()];
      int y0 = originsY[i / cols()];
      for (int y = 0; y < th; y++) {
        int row = (y0 + y) * imageWidth + x0;
        for (int x = 0; x < tw; x++) {
          double w = wx[x] * wy[y];
          sum[row + x] += w * m[y * tw + x];
          weight[row + x] += w;
        }
      }
    }
    float[] out = new float[sum.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = (float) (sum[p] / weight[p]);
    }
    return out;
  }

  /** A raised-sine window over {@code n} pixels: 1 at the centre, 0.1 at the edges. */
  private static double[] window(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.1 + 0.9 * StrictMath.sin(Math.PI * (i + 0.5) / n);
    }
    return w;
  }

  private static void check(String name, int[] origins, int extent, int tile) {
    for (int i = 0; i < origins.length; i++) {
      if (origins[i] < 0 || origins[i] + tile > extent || (i > 0 && origins[i] <= origins[i - 1])) {
        throw new IllegalArgumentException(
            name
                + " must be ascending with every tile of "
                + tile
                + " pixels inside 0.."
                + extent
                + ", got "
                + Arrays.toString(origins));
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tiling other
        && imageWidth == other.imageWidth
        && imageHeight == other.imageHeight
        && layout.equals(other.layout)
        && Arrays.equals(originsX, other.originsX)
        && Arrays.equals(originsY, other.originsY);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * imageWidth + imageHeight) + layout.hashCode())
        + 7 * Arrays.hashCode(originsX)
        + Arrays.hashCode(originsY);
  }

  @Override
  public String toString() {
    return "Tiling["
        + imageWidth
        + " x "
        + imageHeight
        + ", "
        + rows()
        + " x "
        + cols()
        + " tiles of "
        + layout
        + "]";
  }
}
