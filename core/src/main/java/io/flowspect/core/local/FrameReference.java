package io.flowspect.core.local;

import java.util.ArrayList;
import java.util.List;

/**
 * What a frame's evidence looks like on good frames, per position: turns a frame's raw {@link
 * FrameEvidence} into one anomaly map in standard deviations.
 *
 * <p>Each channel is compared with the good frames at each position, two-sided, because a place the
 * model finds too likely (texture missing, smoother than any good frame) is as atypical as one it
 * finds too unlikely (a scratch). The pixel channel is first smoothed to the size of a defect and
 * then standardised, so that its distance is in standard deviations of the smoothed map; the patch
 * channel is smooth already (a tile's value spread over the tile). The anomaly map is the root of
 * the sum of both squared distances: a defect either channel sees stands out, and one both see
 * stands out more, without a weight to tune.
 *
 * @param width map columns
 * @param height map rows
 * @param pixel statistics of the smoothed pixel channel
 * @param patch statistics of the patch channel
 * @param sigma the pixel channel's smoothing, a Gaussian's standard deviation in pixels (0: none)
 */
public record FrameReference(
    int width, int height, PositionStats pixel, PositionStats patch, double sigma) {

  /** Checks sizes. */
  public FrameReference {
    if (pixel.mean().length != width * height || patch.mean().length != width * height) {
      throw new IllegalArgumentException("both channels must hold " + width * height + " values");
    }
    if (!(sigma >= 0)) {
      throw new IllegalArgumentException("sigma must be at least 0, got " + sigma);
    }
  }

  /**
   * Fits the reference to good frames' evidence.
   *
   * @param frames at least two good frames' evidence, {@code height * width} per channel, finite
   * @param width map columns
   * @param height map rows
   * @param sigma the pixel channel's smoothing in pixels
   * @return the reference
   * @throws IllegalArgumentException naming the frame and pixel of a value that is not finite
   */
  public static FrameReference fit(
      List<FrameEvidence> frames, int width, int height, double sigma) {
    List<float[]> pixel = new ArrayList<>(frames.size());
    List<float[]> patch = new ArrayList<>(frames.size());
    for (int f = 0; f < frames.size(); f++) {
      FrameEvidence e = frames.get(f);
      requireFinite(e.pixel(), f, "pixel");
      requireFinite(e.patch(), f, "patch");
      pixel.add(smooth(e.pixel(), width, height, sigma));
      patch.add(e.patch());
    }
    return new FrameReference(
        width,
        height,
        PositionStats.fit(pixel, width, height),
        PositionStats.fit(patch, width, height),
        sigma);
  }

  private static void requireFinite(float[] map, int frame, String channel) {
    for (int p = 0; p < map.length; p++) {
      if (!Float.isFinite(map[p])) {
        throw new IllegalArgumentException(
            "good frame "
                + frame
                + " has a "
                + channel
                + " map value of "
                + map[p]
                + " at pixel "
                + p
                + "; the model is not finite on good frames, so they cannot be its reference");
      }
    }
  }

  private static float[] smooth(float[] map, int width, int height, double sigma) {
    return sigma > 0 ? GaussianBlur.blur(map, width, height, sigma) : map;
  }

  /**
   * Turns a frame's evidence into its anomaly map.
   *
   * <p>A pixel the model could not give a finite value (its pass overflowed) is as far from the
   * good frames as can be said: {@link Float#MAX_VALUE}, so that the frame score, its decision and
   * its region follow, and {@link #nonFinite} names it; in the pixel channel it does not spread
   * into its neighbours (it is smoothed as if it were typical), in the patch channel it covers its
   * tiles.
   *
   * @param evidence the frame's raw evidence
   * @return per pixel, the root of the sum of both channels' squared distances from the good frames
   *     in standard deviations; at least 0, always finite
   */
  public float[] anomalyMap(FrameEvidence evidence) {
    float[] raw = evidence.pixel();
    float[] tile = evidence.patch();
    if (raw.length != width * height) {
      throw new IllegalArgumentException(
          "a map of " + raw.length + " values, the reference has " + width * height);
    }
    boolean[] broken = new boolean[raw.length];
    float[] filled = new float[raw.length];
    for (int p = 0; p < raw.length; p++) {
      broken[p] = !Float.isFinite(raw[p]) || !Float.isFinite(tile[p]);
      filled[p] = Float.isFinite(raw[p]) ? raw[p] : averagePixel(p);
    }
    float[] smooth = smooth(filled, width, height, sigma);
    float[] out = new float[raw.length];
    for (int p = 0; p < out.length; p++) {
      double a = pixel.distance(p, smooth[p]);
      double b = patch.distance(p, tile[p]);
      double v = Math.sqrt(a * a + b * b);
      out[p] = broken[p] || !(v < Float.MAX_VALUE) ? Float.MAX_VALUE : (float) v;
    }
    return out;
  }

  /** The good frames' smoothed pixel value at a position: what a broken pixel is smoothed as. */
  private float averagePixel(int position) {
    return pixel.mean()[position];
  }

  /**
   * Returns the evidence a frame decision weighs ({@link FramePeaks}).
   *
   * <p>A value the model could not give a finite value counts as the strongest evidence there is,
   * in every part, as in {@link #anomalyMap}.
   *
   * @param evidence the frame's raw evidence
   * @param anomalyMap its anomaly map, from {@link #anomalyMap}
   * @return the peaks, finite or {@link Float#MAX_VALUE}
   */
  public FramePeaks peaks(FrameEvidence evidence, float[] anomalyMap) {
    double map = imageScore(anomalyMap);
    if (nonFinite(map)) {
      return new FramePeaks(Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE);
    }
    float[] tile = evidence.patch();
    float[] mean = patch.mean();
    float[] std = patch.std();
    double below = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double level = 0;
    for (int p = 0; p < tile.length; p++) {
      below = Math.max(below, (mean[p] - tile[p]) / std[p]);
      sum += tile[p];
      level += mean[p];
    }
    return new FramePeaks(map, below, Math.abs(sum - level) / tile.length);
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
