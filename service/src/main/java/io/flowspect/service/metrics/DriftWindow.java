package io.flowspect.service.metrics;

import java.util.Arrays;

/**
 * The last N decision p-values of a line and their Kolmogorov-Smirnov distance from the uniform
 * distribution.
 *
 * <p>Why: conformal p-values of images exchangeable with the calibration images are uniform on (0,
 * 1] (up to the 1/(n+1) grid). When a line's images drift (lighting, a new supplier, a dirty lens),
 * the p-values pile up near 0 long before single images cross the threshold, and the KS distance
 * {@code D = sup |F_N(p) - p|} grows. Under no drift, {@code sqrt(N) D} follows the Kolmogorov
 * distribution (about 1.36 at the 95% level), so a threshold on D scales as {@code 1.36 / sqrt(N)}.
 *
 * <p>Thread-safe.
 */
public final class DriftWindow {

  private final double[] values;
  private int next;
  private int size;

  /**
   * Creates an empty window.
   *
   * @param capacity the number of p-values kept, at least 1
   */
  public DriftWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.values = new double[capacity];
  }

  /**
   * Adds a p-value, dropping the oldest when full; NaN is ignored.
   *
   * @param p a p-value in [0, 1]
   */
  public synchronized void add(double p) {
    if (Double.isNaN(p)) {
      return;
    }
    values[next] = Math.min(1, Math.max(0, p));
    next = (next + 1) % values.length;
    size = Math.min(size + 1, values.length);
  }

  /**
   * Returns the number of p-values held.
   *
   * @return 0..capacity
   */
  public synchronized int size() {
    return size;
  }

  /**
   * Returns the KS distance of the held p-values from Uniform(0, 1): {@code max_i max(i/N - p_(i),
   * p_(i) - (i-1)/N)} over the sorted values.
   *
   * @return D in [0, 1]; NaN when empty
   */
  public double ks() {
    double[] sorted;
    synchronized (this) {
      sorted = Arrays.copyOf(values, size);
    }
    return ks(sorted);
  }

  /**
   * Returns the KS distance of a sample from Uniform(0, 1).
   *
   * @param sample values in [0, 1]; sorted in place
   * @return D in [0, 1]; NaN when empty
   */
  static double ks(double[] sample) {
    int n = sample.length;
    if (n == 0) {
      return Double.NaN;
    }
    Arrays.sort(sample);
    double d = 0;
    for (int i = 0; i < n; i++) {
      d = Math.max(d, Math.max((i + 1.0) / n - sample[i], sample[i] - (double) i / n));
    }
    return d;
  }
}
