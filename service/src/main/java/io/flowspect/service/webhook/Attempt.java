package io.flowspect.service.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * The result of one request.
 *
 * @param outcome success or the kind of failure; never {@link DeliveryOutcome#DEAD_LETTER}
 * @param status the HTTP status; 0 when there was no answer
 * @param detail what went wrong, for logs and dead-letter headers; empty on success
 * @param retryAfter the receiver's {@code Retry-After} (seconds form), if it sent one
 */
public record Attempt(
    DeliveryOutcome outcome, int status, String detail, Optional<Duration> retryAfter) {

  /** Validates. */
  public Attempt {
    if (outcome == null || outcome == DeliveryOutcome.DEAD_LETTER) {
      throw new IllegalArgumentException(
          "an attempt's outcome must be a request's, got " + outcome);
    }
    detail = detail == null ? "" : detail;
    retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
  }

  /**
   * Tells whether the alert was delivered.
   *
   * @return true for a 2xx answer
   */
  public boolean succeeded() {
    return outcome == DeliveryOutcome.SUCCESS;
  }
}
