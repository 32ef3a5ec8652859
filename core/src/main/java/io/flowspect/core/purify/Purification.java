package io.flowspect.core.purify;

import java.util.Arrays;

/**
 * One image's purification.
 *
 * <p>The arrays are not copied; equality compares contents.
 *
 * @param purified the purified image, unsigned bytes in CHW order like the input
 * @param l2 Euclidean distance to the input on 0..255 values, over all sub-pixels
 * @param linf largest absolute change of one sub-pixel, 0..epsilon levels
 * @param diff per-pixel absolute change summed over channels, {@code height * width} values
 *     row-major (0..3 * epsilon for RGB), for heatmaps
 * @param changed number of sub-pixels whose value changed
 * @param passes passes of the conditionals graph this image took part in; 0 when skipped or when
 *     epsilon is 0
 * @param skipped true when the adaptive rule returned the image unchanged (its p-value was above
 *     the threshold)
 */
public record Purification(
    byte[] purified, double l2, int linf, float[] diff, int changed, int passes, boolean skipped) {

  /** Validates the parts. */
  public Purification {
    if (purified == null || diff == null) {
      throw new IllegalArgumentException("purified and diff must not be null");
    }
    if (changed < 0 || passes < 0 || linf < 0 || !(l2 >= 0)) {
      throw new IllegalArgumentException(
          "l2, linf, changed and passes must be non-negative, got l2 "
              + l2
              + ", linf "
              + linf
              + ", changed "
              + changed
              + ", passes "
              + passes);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Purification other
        && Arrays.equals(purified, other.purified)
        && Double.compare(l2, other.l2) == 0
        && linf == other.linf
        && Arrays.equals(diff, other.diff)
        && changed == other.changed
        && passes == other.passes
        && skipped == other.skipped;
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(purified);
    h = 31 * h + Double.hashCode(l2);
    h = 31 * h + linf;
    h = 31 * h + Arrays.hashCode(diff);
    h = 31 * h + changed;
    h = 31 * h + passes;
    return 31 * h + Boolean.hashCode(skipped);
  }

  @Override
  public String toString() {
    return "Purification["
        + purified.length
        + " sub-pixels, changed "
        + changed
        + ", l2 "
        + l2
        + ", linf "
        + linf
        + ", passes "
        + passes
        + (skipped ? ", skipped" : "")
        + "]";
  }
}
