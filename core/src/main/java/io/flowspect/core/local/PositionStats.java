package io.flowspect.core.local;

import java.util.List;

/**
 * What one evidence channel looks like on good frames, per position: its mean and standard
 * deviation, for turning a frame's channel into standard deviations from the good frames.
 *
 * <p>Per position because frames have places that always look unusual to a patch model (the frame's
 * border rows, where tiles overlap less; the same place of an aligned part). To keep a few dozen
 * reference frames from making them noisy, the per-position mean and variance are smoothed over
 * {@value #STATS_SIGMA} pixels and shrunk towards the pooled ones as if the pooled values were
 * {@value #PRIOR_FRAMES} more frames.
 *
 * @param mean per position, the good frames' mean (raw units), smoothed
 * @param std per position, their standard deviation, smoothed and shrunk, positive
 */
public record PositionStats(float[] mean, float[] std) {

  /** Smoothing of the per-position statistics, in pixels. */
  static final double STATS_SIGMA = 4;

  /** Weight of the pooled statistics, in frames. */
  static final int PRIOR_FRAMES = 4;

  /** Checks sizes. */
  public PositionStats {
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean of " + mean.length + " values, std of " + std.length);
    }
  }

  /**
   * Fits the statistics to good frames' maps of one channel.
   *
   * @param maps at least two maps, {@code height * width} each, finite
   * @param width map columns
   * @param height map rows
   * @return the statistics
   */
  public static PositionStats fit(List<float[]> maps, int width, int height) {
    if (maps.size() < 2) {
      throw new IllegalArgumentException("need at least 2 good frames, got " + maps.size());
    }
    int d = width * height;
    double[] sum = new double[d];
    double[] sumSq = new double[d];
    for (float[] m : maps) {
      if (m.length != d) {
        throw new IllegalArgumentException("a map of " + m.length + " values, expected " + d);
      }
      for (int p = 0; p < d; p++) {
        sum[p] += m[p];
        sumSq[p] += (double) m[p] * m[p];
      }
    }
    int n = maps.size();
    float[] mean = new float[d];
    float[] var = new float[d];
    double pooledMean = 0;
    for (int p = 0; p < d; p++) {
      mean[p] = (float) (sum[p] / n);
      pooledMean += sum[p];
    }
    pooledMean /= (double) n * d;
    double pooledVar = 0;
    for (int p = 0; p < d; p++) {
      double v = Math.max(0, sumSq[p] / n - (double) mean[p] * mean[p]) * n / (n - 1.0);
      var[p] = (float) v;
      pooledVar += sumSq[p];
    }
    pooledVar = Math.max(1e-12, pooledVar / ((double) n * d) - pooledMean * pooledMean);
    float[] smoothMean = GaussianBlur.blur(mean, width, height, STATS_SIGMA);
    float[] smoothVar = GaussianBlur.blur(var, width, height, STATS_SIGMA);
    float[] std = new float[d];
    for (int p = 0; p < d; p++) {
      double v = (n * (double) smoothVar[p] + PRIOR_FRAMES * pooledVar) / (n + PRIOR_FRAMES);
      std[p] = (float) Math.sqrt(Math.max(v, 1e-12));
    }
    return new PositionStats(smoothMean, std);
  }

  /**
   * Returns how far a value at a position lies from the good frames.
   *
   * @param position the index, row-major
   * @param value the channel's value there
   * @return the absolute difference in standard deviations (infinite or NaN when the value is)
   */
  public double distance(int position, double value) {
    return Math.abs((value - mean[position]) / std[position]);
  }
}
