package io.flowspect.service.webhook;

import java.time.Duration;

/**
 * How often and how far apart one alert is sent to one endpoint before it goes to the alert
 * dead-letter topic.
 *
 * <p>The wait after the n-th failed attempt is exponential with "equal jitter": {@code d =
 * min(backoffMax, backoffBase * 2^(n-1))}, then a uniformly random wait in {@code [d/2, d]}. Half
 * the wait is fixed, so retries never come back at once; the other half spreads the retries of
 * several instances (or of several endpoints behind one proxy) apart after a shared outage.
 *
 * @param maxAttempts requests sent for one alert before it is given up, at least 1 (1 = no retry)
 * @param backoffBase wait after the first failure (before jitter), positive
 * @param backoffMax longest wait between two attempts, at least {@code backoffBase}
 */
public record RetryPolicy(int maxAttempts, Duration backoffBase, Duration backoffMax) {

  /** Validates. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (backoffBase == null || backoffBase.isNegative() || backoffBase.isZero()) {
      throw new IllegalArgumentException("backoffBase must be positive, got " + backoffBase);
    }
    if (backoffMax == null || backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "backoffMax must be at least backoffBase (" + backoffBase + "), got " + backoffMax);
    }
  }

  /**
   * Returns the wait after a failed attempt.
   *
   * @param failedAttempts attempts made so far for this alert, all failed, at least 1
   * @param uniform a uniformly distributed number in [0, 1): the jitter
   * @return a wait in {@code [d/2, d]}, {@code d = min(backoffMax, backoffBase * 2^(failedAttempts
   *     - 1))}
   */
  public Duration delay(int failedAttempts, double uniform) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException(
          "failedAttempts must be at least 1, got " + failedAttempts);
    }
    if (!(uniform >= 0 && uniform < 1)) {
      throw new IllegalArgumentException("uniform must be in [0, 1), got " + uniform);
    }
    long base = backoffBase.toNanos();
    long max = backoffMax.toNanos();
    int shift = Math.min(failedAttempts - 1, 62);
    long d = base > (max >> shift) ? max : Math.min(max, base << shift);
    return Duration.ofNanos(d / 2 + (long) (uniform * (d - d / 2)));
  }
}
