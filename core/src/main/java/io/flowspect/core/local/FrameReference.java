package io.flowspect.core.local;

import java.util.List;

/**
 * What a frame's evidence map looks like on good frames, per position: turns a raw map (nats) into
 * an anomaly map in standard deviations, smoothed to the size of a defect.
 *
 * <p>Statistics are per position because frames have places that always look unusual to a patch
 * model (the frame's top rows and left columns, where an autoregressive model has no context; the
 * same place of an aligned part); to keep a few dozen reference frames from making them noisy, the
 * per-position mean and variance are smoothed over {@value #STATS_SIGMA} pixels and shrunk towards
 * the pooled ones as if the pooled values were {@value #PRIOR_FRAMES} more frames.
 *
 * @param width map columns
 * @param height map rows
 * @param mean per position, the good frames' mean (raw units), smoothed
 * @param std per position, their standard deviation, smoothed and shrunk, positive
 * @param sigma the anomaly map's smoothing, a Gaussian's standard deviation in pixels (0: none)
 */
public record FrameReference(int width, int height, float[] mean, float[] std, double sigma) {

  /** Smoothing of the per-position statistics, in pixels. */
  static final double STATS_SIGMA = 4;

  /** Weight of the pooled statistics, in frames. */
  static final int PRIOR_FRAMES = 4;

  /** Checks sizes. */
  public FrameReference {
    if (mean.length != width * height || std.length != width * height) {
      throw new IllegalArgumentException("mean and std must hold " + width * height + " values");
    }
    if (!(sigma >= 0)) {
      throw new IllegalArgumentException("sigma must be at least 0, got " + sigma);
    }
  }

  /**
   * Fits the reference to good frames' raw maps.
   *
   * @param maps at least two raw maps of good frames, {@code height * width} each
   * @param width map columns
   * @param height map rows
   * @param sigma the anomaly map's smoothing in pixels
   * @return the reference
   */
  public static FrameReference fit(List<float[]> maps, int width, int height, double sigma) {
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
    return new FrameReference(width, height, smoothMean, std, sigma);
  }

  /**
   * Turns a raw map into an anomaly map: standardised per position, smoothed, and taken in absolute
   * value, because a place the model finds too likely (texture missing, smoother than any good
   * frame) is as atypical as one it finds too unlikely (a scratch).
   *
   * <p>A pixel the model could not give a finite value (its pass overflowed) is as far from the
   * good frames as can be said: {@link Float#MAX_VALUE}, so that the frame score, its decision and
   * its region follow, and {@link #nonFinite} names it; it does not spread into its neighbours.
   *
   * @param raw the frame's raw map, {@code height * width} values
   * @return standard deviations from the good frames, smoothed, at least 0, always finite
   */
  public float[] anomalyMap(float[] raw) {
    if (raw.length != width * height) {
      throw new IllegalArgumentException(
          "a map of " + raw.length + " values, the reference has " + width * height);
    }
    float[] z = new float[raw.length];
    boolean[] broken = new boolean[raw.length];
    for (int p = 0; p < z.length; p++) {
      double v = ((double) raw[p] - mean[p]) / std[p];
      if (Double.isFinite(raw[p])) {
        z[p] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
      } else {
        broken[p] = true;
      }
    }
    float[] smooth = sigma > 0 ? GaussianBlur.blur(z, width, height, sigma) : z;
    for (int p = 0; p < smooth.length; p++) {
      float a = Math.abs(smooth[p]);
      smooth[p] = broken[p] || !Float.isFinite(a) ? Float.MAX_VALUE : a;
    }
    return smooth;
  }

  /**
   * Tells whether a frame score stands for a model pass that was not finite.
   *
   * @param score a score from {@link #imageScore}
   * @return true at {@link Float#MAX_VALUE}
   */
  public static boolean nonFinite(double score) {
    return score >= Float.MAX_VALUE;
  }

  /**
   * Returns a frame's score from its anomaly map: its highest value, the strongest local evidence.
   *
   * @param anomalyMap from {@link #anomalyMap}
   * @return the maximum
   */
  public static double imageScore(float[] anomalyMap) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : anomalyMap) {
      max = Math.max(max, v);
    }
    return max;
  }
}
