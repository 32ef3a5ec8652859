package io.flowspect.core.signal;

/**
 * A recording and its per-sample evidence, reduced to at most {@link #POINTS} points per channel
 * for a person to look at (the operator page's sensor panel): each point covers {@code step}
 * samples and keeps their extremes, so a short burst stays visible.
 *
 * @param step samples per point
 * @param low per channel and point, the smallest sample, in the sensor's unit
 * @param high per channel and point, the largest sample
 * @param evidence per channel and point, the largest per-sample evidence of the decision's map
 *     (nats for {@code pixel_nll}); non-finite values stand at the largest float
 */
public record SignalTrace(int step, float[][] low, float[][] high, float[][] evidence) {

  /** The most points per channel. */
  public static final int POINTS = 512;

  /**
   * Reduces a recording and its evidence.
   *
   * @param recording the samples
   * @param evidence per channel, one value per sample
   * @return the trace
   */
  public static SignalTrace of(Recording recording, float[][] evidence) {
    int n = recording.samples();
    int step = Math.max(1, (n + POINTS - 1) / POINTS);
    int points = (n + step - 1) / step;
    int c = recording.channels().length;
    float[][] low = new float[c][points];
    float[][] high = new float[c][points];
    float[][] ev = new float[c][points];
    for (int ch = 0; ch < c; ch++) {
      float[] x = recording.channels()[ch];
      for (int p = 0; p < points; p++) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        float e = -Float.MAX_VALUE;
        for (int i = p * step; i < Math.min(n, (p + 1) * step); i++) {
          lo = Math.min(lo, x[i]);
          hi = Math.max(hi, x[i]);
          float v = evidence[ch][i];
          e = Math.max(e, Float.isFinite(v) ? v : Float.MAX_VALUE);
        }
        low[ch][p] = lo;
        high[ch][p] = hi;
        ev[ch][p] = e;
      }
    }
    return new SignalTrace(step, low, high, ev);
  }
}
