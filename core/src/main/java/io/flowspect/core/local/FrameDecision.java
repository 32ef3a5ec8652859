package io.flowspect.core.local;

import io.flowspect.core.calibration.ConformalReference;
import java.util.List;
import java.util.Locale;

/**
 * How a frame decision weighs its three pieces of evidence ({@link FramePeaks}): Tippett's method
 * with weights, over each part's p-value among good frames.
 *
 * <p>Each part's p-value comes from its own good frames' peaks (a conformal p-value with an
 * exponential tail beyond the largest, {@link ConformalReference#tailPValue}, so that a frame far
 * beyond every good frame is told from one just past them). The frame score is the strongest part,
 * {@code max over parts of -log10(min(1, p / w))}: the smallest p-value, each divided by the share
 * {@code w} of the false-positive budget its part is given. The threshold on that score is then set
 * conformally on other good frames ({@link FrameCalibrator}), so the frame-level guarantee does not
 * depend on the parts' p-values being exact: they only decide how the budget is spent.
 *
 * <p>The local parts get {@value #LOCAL_WEIGHT} each and the global part {@value #GLOBAL_WEIGHT}:
 * defects on a line are local far more often than whole frames are off, and on the benchmark's
 * leather an equal split cost about 0.003 image AUROC on its subtlest defect while the global part
 * found nothing there the local parts missed; a tenth of the budget still flags a whole-frame shift
 * of a fraction of a good frames' spread (see {@code FrameDecisionTest}).
 *
 * @param map the good frames' anomaly-map peaks
 * @param tooLikely the good frames' too-likely peaks
 * @param likelihood the good frames' distances of the frame likelihood, nats per pixel
 */
public record FrameDecision(
    ConformalReference map, ConformalReference tooLikely, ConformalReference likelihood) {

  /** Share of the false-positive budget of each local part. */
  public static final double LOCAL_WEIGHT = 0.45;

  /** Share of the global part. */
  public static final double GLOBAL_WEIGHT = 0.10;

  /** The parts, in the order of {@link FramePeaks#values()}. */
  public enum Part {
    /** The anomaly map's peak. */
    MAP(LOCAL_WEIGHT),
    /** The too-likely peak. */
    TOO_LIKELY(LOCAL_WEIGHT),
    /** The frame's likelihood. */
    LIKELIHOOD(GLOBAL_WEIGHT);

    private final double weight;

    Part(double weight) {
      this.weight = weight;
    }

    /**
     * Returns the part's share of the false-positive budget.
     *
     * @return the weight, the three summing to 1
     */
    public double weight() {
      return weight;
    }

    /**
     * Returns the name in records and reports.
     *
     * @return e.g. {@code too_likely}
     */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks that every part has a reference. */
  public FrameDecision {
    if (map == null || tooLikely == null || likelihood == null) {
      throw new IllegalArgumentException("map, too_likely and likelihood references are required");
    }
  }

  /**
   * Fits the parts' references to good frames' peaks.
   *
   * @param good the peaks of good frames, at least one
   * @return the decision
   */
  public static FrameDecision fit(List<FramePeaks> good) {
    double[][] columns = new double[Part.values().length][good.size()];
    for (int i = 0; i < good.size(); i++) {
      double[] v = good.get(i).values();
      for (int c = 0; c < v.length; c++) {
        columns[c][i] = v[c];
      }
    }
    return new FrameDecision(
        ConformalReference.of(columns[0]),
        ConformalReference.of(columns[1]),
        ConformalReference.of(columns[2]));
  }

  /**
   * Returns each part's p-value among the good frames.
   *
   * @param peaks a frame's peaks
   * @return p-values in (0, 1], in the order of {@link Part}
   */
  public double[] pValues(FramePeaks peaks) {
    double[] v = peaks.values();
    return new double[] {
      map.tailPValue(v[0]), tooLikely.tailPValue(v[1]), likelihood.tailPValue(v[2])
    };
  }

  /**
   * Returns the frame score: the strongest part, {@code -log10(min(1, p / w))}.
   *
   * @param pValues the parts' p-values, from {@link #pValues}
   * @return at least 0, finite
   */
  public double score(double[] pValues) {
    return partScore(pValues, strongest(pValues));
  }

  /**
   * Returns the frame score of a frame's peaks ({@link #score(double[])} of their {@link
   * #pValues}).
   *
   * @param peaks a frame's peaks
   * @return at least 0, finite
   */
  public double score(FramePeaks peaks) {
    return score(pValues(peaks));
  }

  /**
   * Returns the part that gives the frame score.
   *
   * @param peaks a frame's peaks
   * @return the part with the smallest weighted p-value (the first on a tie)
   */
  public Part strongest(FramePeaks peaks) {
    return Part.values()[strongest(pValues(peaks))];
  }

  /** The index of the part with the largest {@code -log10(min(1, p / w))}. */
  private static int strongest(double[] pValues) {
    int best = 0;
    for (int c = 1; c < pValues.length; c++) {
      if (partScore(pValues, c) > partScore(pValues, best)) {
        best = c;
      }
    }
    return best;
  }

  private static double partScore(double[] pValues, int part) {
    return -Math.log10(Math.min(1, pValues[part] / Part.values()[part].weight()));
  }
}
