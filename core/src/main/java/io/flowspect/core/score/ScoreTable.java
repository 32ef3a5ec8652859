package io.flowspect.core.score;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scores of a batch of images, one column per {@link Score}, row i for input image i.
 *
 * <p>Columnar because calibration, ROC curves and p-values all work on one score over many images.
 * The arrays are not copied: treat them as read-only.
 *
 * @param size number of images (rows)
 * @param columns the computed scores, each {@code size} long, values as reported (see {@link
 *     Score#anomaly})
 * @param pixelNll per-pixel conditional NLL in nats, [size][D] CHW, for autoregressive models; null
 *     otherwise
 */
public record ScoreTable(int size, Map<Score, double[]> columns, float[][] pixelNll) {

  /** Checks that every column has {@code size} rows; copies the map. */
  public ScoreTable {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    EnumMap<Score, double[]> copy = new EnumMap<>(Score.class);
    for (Map.Entry<Score, double[]> e : columns.entrySet()) {
      if (e.getValue().length != size) {
        throw new IllegalArgumentException(
            "column " + e.getKey() + " has " + e.getValue().length + " rows, expected " + size);
      }
      copy.put(e.getKey(), e.getValue());
    }
    columns = Collections.unmodifiableMap(copy);
    if (pixelNll != null && pixelNll.length != size) {
      throw new IllegalArgumentException(
          "pixelNll has " + pixelNll.length + " rows, expected " + size);
    }
  }

  /**
   * Joins tables row-wise, in order.
   *
   * @param parts tables with the same scores
   * @param scores the scores every part holds (used when there are no parts)
   * @return one table
   */
  public static ScoreTable concat(List<ScoreTable> parts, Set<Score> scores) {
    int n = parts.stream().mapToInt(ScoreTable::size).sum();
    Map<Score, double[]> columns = new EnumMap<>(Score.class);
    for (Score s : scores) {
      double[] column = new double[n];
      int offset = 0;
      for (ScoreTable part : parts) {
        System.arraycopy(part.column(s), 0, column, offset, part.size());
        offset += part.size();
      }
      columns.put(s, column);
    }
    boolean maps = !parts.isEmpty() && parts.stream().allMatch(p -> p.pixelNll() != null);
    float[][] pixelNll = null;
    if (maps) {
      pixelNll = new float[n][];
      int offset = 0;
      for (ScoreTable part : parts) {
        System.arraycopy(part.pixelNll(), 0, pixelNll, offset, part.size());
        offset += part.size();
      }
    }
    return new ScoreTable(n, columns, pixelNll);
  }

  /**
   * Returns the scores present.
   *
   * @return the computed scores, in {@link Score} order
   */
  public Set<Score> scores() {
    return columns.keySet();
  }

  /**
   * Returns one score for every image.
   *
   * @param score the score
   * @return the column, values as reported
   * @throws IllegalArgumentException if the score was not computed
   */
  public double[] column(Score score) {
    double[] column = columns.get(score);
    if (column == null) {
      throw new IllegalArgumentException(
          "score " + score + " was not computed; computed: " + columns.keySet());
    }
    return column;
  }

  /**
   * Returns one score for every image, oriented so that higher is more anomalous.
   *
   * @param score the score
   * @return a new array
   */
  public double[] anomalyColumn(Score score) {
    double[] column = column(score);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = score.anomaly(column[i]);
    }
    return out;
  }

  /**
   * Returns every score of one image, keyed by id, for JSON.
   *
   * @param row the image index
   * @return score id to reported value, in {@link Score} order
   */
  public Map<String, Double> row(int row) {
    if (row < 0 || row >= size) {
      throw new IllegalArgumentException("row " + row + " is outside 0.." + (size - 1));
    }
    Map<String, Double> out = new LinkedHashMap<>();
    columns.forEach((score, values) -> out.put(score.id(), values[row]));
    return out;
  }
}
