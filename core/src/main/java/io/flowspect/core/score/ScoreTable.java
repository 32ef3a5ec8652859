package io.flowspect.core.score;

import io.flowspect.core.local.EvidenceMaps;
import io.flowspect.core.local.LocalFinding;
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
 * @param maps per-pixel evidence maps for local scores, when they were asked for; null otherwise
 * @param findings where each image's local evidence is strongest, filled with the {@link
 *     Score#LOCAL} column; null otherwise
 */
public record ScoreTable(
    int size,
    Map<Score, double[]> columns,
    float[][] pixelNll,
    EvidenceMaps maps,
    LocalFinding[] findings) {

  /**
   * A table without evidence maps.
   *
   * @param size number of images
   * @param columns the computed scores
   * @param pixelNll per-pixel NLL, or null
   */
  public ScoreTable(int size, Map<Score, double[]> columns, float[][] pixelNll) {
    this(size, columns, pixelNll, null, null);
  }

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
    if (maps != null && maps.size() != size) {
      throw new IllegalArgumentException("maps has " + maps.size() + " rows, expected " + size);
    }
    if (findings != null && findings.length != size) {
      throw new IllegalArgumentException(
          "findings has " + findings.length + " rows, expected " + size);
    }
  }

  /**
   * Returns this table with the {@link Score#LOCAL} column and each image's finding added.
   *
   * @param local the local scores
   * @param where the findings, row for row
   * @return a new table sharing this one's arrays
   */
  public ScoreTable withLocal(double[] local, LocalFinding[] where) {
    Map<Score, double[]> c = new EnumMap<>(columns);
    c.put(Score.LOCAL, local);
    return new ScoreTable(size, c, pixelNll, maps, where);
  }

  /**
   * Returns some rows of this table.
   *
   * @param rows indices, in the order wanted
   * @return a new table
   */
  public ScoreTable select(int[] rows) {
    Map<Score, double[]> c = new EnumMap<>(Score.class);
    columns.forEach(
        (score, values) -> {
          double[] v = new double[rows.length];
          for (int i = 0; i < rows.length; i++) {
            v[i] = values[rows[i]];
          }
          c.put(score, v);
        });
    float[][] nll = null;
    if (pixelNll != null) {
      nll = new float[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        nll[i] = pixelNll[rows[i]];
      }
    }
    LocalFinding[] f = null;
    if (findings != null) {
      f = new LocalFinding[rows.length];
      for (int i = 0; i < rows.length; i++) {
        f[i] = findings[rows[i]];
      }
    }
    return new ScoreTable(rows.length, c, nll, maps == null ? null : maps.select(rows), f);
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
    boolean nll = !parts.isEmpty() && parts.stream().allMatch(p -> p.pixelNll() != null);
    float[][] pixelNll = null;
    if (nll) {
      pixelNll = new float[n][];
      int offset = 0;
      for (ScoreTable part : parts) {
        System.arraycopy(part.pixelNll(), 0, pixelNll, offset, part.size());
        offset += part.size();
      }
    }
    EvidenceMaps maps = null;
    if (!parts.isEmpty() && parts.stream().allMatch(p -> p.maps() != null)) {
      EvidenceMaps first = parts.get(0).maps();
      float[][] values = new float[n][];
      int offset = 0;
      for (ScoreTable part : parts) {
        System.arraycopy(part.maps().values(), 0, values, offset, part.size());
        offset += part.size();
      }
      float[][] signed = null;
      if (parts.stream().allMatch(p -> p.maps().signed() != null)) {
        signed = new float[n][];
        offset = 0;
        for (ScoreTable part : parts) {
          System.arraycopy(part.maps().signed(), 0, signed, offset, part.size());
          offset += part.size();
        }
      }
      maps = new EvidenceMaps(first.kind(), first.height(), first.width(), values, signed);
    }
    LocalFinding[] findings = null;
    if (!parts.isEmpty() && parts.stream().allMatch(p -> p.findings() != null)) {
      findings = new LocalFinding[n];
      int offset = 0;
      for (ScoreTable part : parts) {
        System.arraycopy(part.findings(), 0, findings, offset, part.size());
        offset += part.size();
      }
    }
    return new ScoreTable(n, columns, pixelNll, maps, findings);
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

  /**
   * Tells whether the model could not give one of an image's scores as a finite number (see {@link
   * NonFinite}).
   *
   * @param row the image
   * @return true when a score of the row stands at the anomalous end of the doubles
   */
  public boolean nonFinite(int row) {
    for (double[] values : columns.values()) {
      if (NonFinite.isSaturated(values[row])) {
        return true;
      }
    }
    return false;
  }
}
