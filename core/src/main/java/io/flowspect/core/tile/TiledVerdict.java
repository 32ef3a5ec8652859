package io.flowspect.core.tile;

import io.flowspect.core.detect.Verdict;

/**
 * The decision about one image scored tile by tile.
 *
 * <p>Per-tile arrays are row-major over {@link #tiling()} (tile {@code i} is row {@code i / cols},
 * column {@code i % cols}); they are not copied: treat them as read-only.
 *
 * @param score the decision score's id, e.g. "bpd"; every tile value is this score's anomaly value
 * @param aggregate the {@link TileAggregate#id()} that made {@code value}
 * @param value the aggregate of the tile values, in the decision score's unit (higher = more
 *     anomalous)
 * @param pValue the image's p-value (see {@code pValueMethod}); NaN when not calibrated
 * @param pValueMethod where {@code pValue} comes from
 * @param anomaly true when {@code pValue <= alpha} (alpha of the calibration used), null when not
 *     calibrated
 * @param tiling the tile grid of the image
 * @param tileValues decision anomaly value of each tile
 * @param tilePValues conformal p-value of each tile against the single-image calibration; NaN when
 *     the detector is not calibrated
 * @param hottest row-major index of the tile with the largest value (the first, on ties)
 * @param hottestVerdict the hottest tile's full verdict: every computed score and its p-values
 */
public record TiledVerdict(
    String score,
    String aggregate,
    double value,
    double pValue,
    PValueMethod pValueMethod,
    Boolean anomaly,
    Tiling tiling,
    double[] tileValues,
    double[] tilePValues,
    int hottest,
    Verdict hottestVerdict) {

  /** Validates the array sizes against the tiling. */
  public TiledVerdict {
    if (tiling == null || tileValues == null || tilePValues == null || pValueMethod == null) {
      throw new IllegalArgumentException(
          "tiling, tileValues, tilePValues and pValueMethod must not be null");
    }
    if (tileValues.length != tiling.count() || tilePValues.length != tiling.count()) {
      throw new IllegalArgumentException(
          "tileValues and tilePValues must hold one value per tile, "
              + tiling.count()
              + ", got "
              + tileValues.length
              + " and "
              + tilePValues.length);
    }
    if (hottest < 0 || hottest >= tiling.count()) {
      throw new IllegalArgumentException(
          "hottest must be a tile index 0.." + (tiling.count() - 1) + ", got " + hottest);
    }
  }

  /**
   * Returns the number of tile rows.
   *
   * @return at least 1
   */
  public int rows() {
    return tiling.rows();
  }

  /**
   * Returns the number of tile columns.
   *
   * @return at least 1
   */
  public int cols() {
    return tiling.cols();
  }

  /**
   * Returns one tile's decision anomaly value.
   *
   * @param row tile row
   * @param col tile column
   * @return the value
   */
  public double tileValue(int row, int col) {
    Tile t = tiling.tile(row, col);
    return tileValues[t.row() * cols() + t.col()];
  }

  /**
   * Returns the hottest tile with its box in image pixels.
   *
   * @return the tile with the largest value
   */
  public Tile hottestTile() {
    return tiling.tile(hottest);
  }
}
