package io.flowspect.service.webhook;

import java.time.Duration;

/**
 * When a {@link CircuitBreaker} opens and closes.
 *
 * @param failureThreshold failed requests in a row that open a closed breaker, at least 1
 * @param coolDown how long an open breaker refuses requests before it half-opens, positive
 * @param successThreshold successful probes in a row that close a half-open breaker, at least 1
 */
public record BreakerPolicy(int failureThreshold, Duration coolDown, int successThreshold) {

  /** Validates. */
  public BreakerPolicy {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failureThreshold must be at least 1, got " + failureThreshold);
    }
    if (coolDown == null || coolDown.isNegative() || coolDown.isZero()) {
      throw new IllegalArgumentException("coolDown must be positive, got " + coolDown);
    }
    if (successThreshold < 1) {
      throw new IllegalArgumentException(
          "successThreshold must be at least 1, got " + successThreshold);
    }
  }
}
