package io.flowspect.core.defect;

import java.util.Random;

/**
 * The random draws of one defect.
 *
 * <p>Backed by {@link java.util.Random}, whose algorithm the JDK specification fixes, so that a
 * seed paints the same defect on every JVM and platform (the painters use {@link StrictMath} for
 * the same reason).
 */
final class Dice {

  private final Random random;

  Dice(long seed) {
    this.random = new Random(seed);
  }

  /** Returns a value uniform in {@code [lo, hi)}. */
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /**
   * Returns a size for a severity: uniform in the severity's range, times the canvas scale (1 for
   * subtle defects, whose ranges are in absolute pixels). One draw whatever the severity.
   *
   * @param severity which range
   * @param scale the canvas's {@link Canvas#scale}
   * @param ranges lo and hi of subtle, moderate and strong, in that order (six numbers)
   * @return the size, in pixels (or the ranges' unit)
   */
  double sized(Severity severity, double scale, double... ranges) {
    int i = 2 * severity.ordinal();
    return uniform(ranges[i], ranges[i + 1]) * scale;
  }

  /** Returns an integer uniform in {@code lo..hi}, both inclusive. */
  int between(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  /** Returns true with probability {@code p}. */
  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Returns an angle uniform in {@code [0, 2 pi)}. */
  double angle() {
    return uniform(0, 2 * StrictMath.PI);
  }

  /** Returns one element of a non-empty array, uniformly. */
  int pick(int[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Returns an unsigned byte value uniform in {@code 0..255}. */
  int byteValue() {
    return random.nextInt(256);
  }

  /**
   * Mixes two 64-bit values into a well-spread seed (the SplitMix64 finaliser), so that
   * neighbouring keys 0, 1, 2 still give unrelated defects.
   */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
