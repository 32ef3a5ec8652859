package io.flowspect.core.tile;

import java.util.Arrays;
import java.util.Locale;

/**
 * Folds the anomaly values of an image's tiles (higher = more anomalous) into the image's value.
 *
 * <ul>
 *   <li>{@code max}: the hottest tile. A defect lives in one or two tiles, so the image is as
 *       anomalous as its worst tile; the most sensitive to a small defect, and to one noisy tile.
 *   <li>{@code topk:K}: the mean of the K hottest tiles. Steadier against one tile that is unlikely
 *       by chance, better for defects that span several tiles, weaker for a defect inside one tile.
 *       With fewer than K tiles it is the mean of all of them.
 * </ul>
 *
 * <p>Both keep the unit of the tile values (bits/dim, nats, Fisher's statistic). A NaN tile value
 * (a model failure) makes the image value NaN rather than being silently skipped.
 *
 * <p>The aggregate of n tiles is not distributed like one tile's value (the max of 16 normal tiles
 * is higher than a typical tile), so image-level p-values need {@link TiledCalibration}.
 *
 * @param k the number of hottest tiles averaged; 1 for {@code max}
 * @param max true for {@code max} (k is then 1)
 */
public record TileAggregate(int k, boolean max) {

  /** The hottest tile's value. */
  public static final TileAggregate MAX = new TileAggregate(1, true);

  private static final String TOP_K = "topk:";

  /** Validates k. */
  public TileAggregate {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (max && k != 1) {
      throw new IllegalArgumentException("max takes the single hottest tile, got k " + k);
    }
  }

  /**
   * Returns the mean of the k hottest tiles.
   *
   * @param k at least 1
   * @return the aggregate
   */
  public static TileAggregate topKMean(int k) {
    return new TileAggregate(k, false);
  }

  /**
   * Parses {@code "max"} or {@code "topk:K"} (case-insensitive, K at least 1).
   *
   * @param text the spec
   * @return the aggregate
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static TileAggregate parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("max")) {
      return MAX;
    }
    if (t.startsWith(TOP_K)) {
      try {
        int k = Integer.parseInt(t.substring(TOP_K.length()).trim());
        if (k >= 1) {
          return topKMean(k);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "tile aggregate must be max or topk:K with K >= 1 (e.g. topk:3), got '" + text + "'");
  }

  /**
   * Returns the spec this aggregate parses from.
   *
   * @return "max" or e.g. "topk:3"
   */
  public String id() {
    return max ? "max" : TOP_K + k;
  }

  /**
   * Aggregates the tiles' anomaly values.
   *
   * @param values one value per tile, at least one; not modified
   * @return the max, or the mean of the {@code min(k, values.length)} largest; NaN if any value is
   *     NaN
   */
  public double apply(double[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("values must hold at least one tile value");
    }
    if (max) {
      double m = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        if (Double.isNaN(v)) {
          return Double.NaN;
        }
        m = Math.max(m, v);
      }
      return m;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted); // NaN sorts last, so it is among the largest and poisons the mean
    int take = Math.min(k, sorted.length);
    double sum = 0;
    for (int i = sorted.length - take; i < sorted.length; i++) {
      sum += sorted[i];
    }
    return sum / take;
  }

  @Override
  public String toString() {
    return id();
  }
}
