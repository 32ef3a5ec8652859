package io.flowspect.core.calibration;

import java.util.Arrays;

/**
 * Counts of decision values in shared bins: the normal calibration values of a {@link
 * ConformalReference} and live values drawn on the same axis, so that an operator sees where a
 * threshold cuts both.
 *
 * <p>Bin {@code i} holds the values in {@code [edges[i], edges[i + 1])}; the last bin is closed on
 * the right. Values below the first edge or above the last are not binned but counted in {@code
 * below} and {@code above}. For a sketch reference the counts are interpolated, like {@link
 * ConformalReference#countAtOrAbove}.
 *
 * @param edges bin edges, ascending, at least 2, finite
 * @param counts values per bin, {@code edges.length - 1} of them
 * @param below values below {@code edges[0]}
 * @param above values above the last edge
 */
public record ScoreHistogram(double[] edges, double[] counts, double below, double above) {

  /** Validates the sizes and copies the arrays. */
  public ScoreHistogram {
    checkEdges(edges);
    if (counts == null || counts.length != edges.length - 1) {
      throw new IllegalArgumentException(
          "a histogram needs one count per bin, "
              + (edges.length - 1)
              + ", got "
              + (counts == null ? 0 : counts.length));
    }
    edges = edges.clone();
    counts = counts.clone();
  }

  /**
   * Returns evenly spaced edges.
   *
   * @param lo the first edge, finite
   * @param hi the last edge, finite and above lo
   * @param bins bins, at least 1
   * @return {@code bins + 1} edges from lo to hi
   */
  public static double[] evenEdges(double lo, double hi, int bins) {
    if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
      throw new IllegalArgumentException("edges need finite lo < hi, got lo=" + lo + ", hi=" + hi);
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins);
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = lo + (hi - lo) * i / bins;
    }
    edges[bins] = hi;
    return edges;
  }

  /**
   * Bins the normal values of a reference.
   *
   * @param reference the calibration's decision values
   * @param edges the bins
   * @return the counts; they sum, with below and above, to {@code reference.n()}
   */
  public static ScoreHistogram of(ConformalReference reference, double[] edges) {
    checkEdges(edges);
    int bins = edges.length - 1;
    double[] counts = new double[bins];
    double atOrAboveFirst = reference.countAtOrAbove(edges[0]);
    double above = reference.countAtOrAbove(Math.nextUp(edges[bins]));
    for (int i = 0; i < bins; i++) {
      double upper = i == bins - 1 ? above : reference.countAtOrAbove(edges[i + 1]);
      counts[i] = reference.countAtOrAbove(edges[i]) - upper;
    }
    return new ScoreHistogram(edges, counts, reference.n() - atOrAboveFirst, above);
  }

  /**
   * Bins a sample of values, e.g. the decision values of recently scored images.
   *
   * @param values the values; NaN values are skipped, infinities count as below or above
   * @param edges the bins
   * @return the counts
   */
  public static ScoreHistogram of(double[] values, double[] edges) {
    checkEdges(edges);
    int bins = edges.length - 1;
    double[] counts = new double[bins];
    double below = 0;
    double above = 0;
    for (double v : values) {
      if (Double.isNaN(v)) {
        continue;
      }
      if (v < edges[0]) {
        below++;
      } else if (v > edges[bins]) {
        above++;
      } else {
        int i = Arrays.binarySearch(edges, v);
        int bin = i >= 0 ? i : -i - 2; // an exact edge opens its bin; between edges, the lower one
        counts[Math.min(bin, bins - 1)]++;
      }
    }
    return new ScoreHistogram(edges, counts, below, above);
  }

  /**
   * Returns the values counted, in bins and outside.
   *
   * @return the sum of the counts plus below and above
   */
  public double total() {
    double sum = below + above;
    for (double c : counts) {
      sum += c;
    }
    return sum;
  }

  static void checkEdges(double[] edges) {
    if (edges == null || edges.length < 2) {
      throw new IllegalArgumentException("a histogram needs at least 2 edges");
    }
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i])) {
        throw new IllegalArgumentException("edge " + i + " is not finite: " + edges[i]);
      }
      if (i > 0 && !(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException(
            "edges must be strictly ascending (index " + i + ": " + edges[i] + ")");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreHistogram h
        && Arrays.equals(edges, h.edges)
        && Arrays.equals(counts, h.counts)
        && below == h.below
        && above == h.above;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges) * 31 + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ScoreHistogram[bins=" + counts.length + ", total=" + total() + "]";
  }
}
