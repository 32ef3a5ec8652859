package io.flowspect.core.tile;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.image.SizeCheck;
import io.flowspect.core.report.Heatmap;

/**
 * Draws a tiled image with its tile values as a {@link Heatmap}: the image on the left, the tile
 * values in the inferno colours on the right, the hottest tile outlined on both.
 *
 * <p>When the tiles partition the image exactly (no overlap, sides multiples of the tile) the map
 * is the coarse {@code rows x cols} grid itself; otherwise (overlapping strides, or the edge tiles
 * that overlap their neighbours) each pixel shows the largest value of the tiles covering it,
 * {@link Tiling#pixelMax}. Both give the same picture where both apply. Stateless.
 */
public final class TileHeatmaps {

  private TileHeatmaps() {}

  /**
   * Pairs an image with its tile values; the caller can still set the scale, range or overlay.
   *
   * @param image the image that was judged, in its own channels
   * @param verdict its tiled verdict
   * @return the heatmap at scale 1 with the hottest tile boxed
   * @throws IllegalArgumentException if the verdict was made for another image size
   */
  public static Heatmap of(RasterImage image, TiledVerdict verdict) {
    if (image == null || verdict == null) {
      throw new IllegalArgumentException("image and verdict must not be null");
    }
    Tiling tiling = verdict.tiling();
    SizeCheck.requireSame(
        image.width(),
        image.height(),
        tiling.imageWidth(),
        tiling.imageHeight(),
        (size, expected) -> "image is " + size + ", the verdict is for " + expected);
    int w = image.width();
    int h = image.height();
    byte[] chw = new InputSpec(image.channels(), h, w, ResizeMode.RESIZE).toChw(image);
    Heatmap heatmap;
    if (tiling.partitions()) {
      float[] grid = new float[tiling.count()];
      double[] values = verdict.tileValues();
      for (int i = 0; i < grid.length; i++) {
        grid[i] = (float) values[i];
      }
      heatmap = Heatmap.of(chw, image.channels(), h, w, grid, tiling.rows(), tiling.cols());
    } else {
      heatmap =
          Heatmap.of(chw, image.channels(), h, w, tiling.pixelMax(verdict.tileValues()), h, w);
    }
    Tile hot = verdict.hottestTile();
    return heatmap.box(hot.x(), hot.y(), hot.width(), hot.height());
  }
}
