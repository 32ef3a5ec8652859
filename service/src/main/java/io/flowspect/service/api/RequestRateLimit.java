package io.flowspect.service.api;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} requests per second on average, {@code burst} at once. Thread-safe.
 *
 * <p>Why on {@code POST /api/v1/score}: every request runs the model on the request thread, so a
 * client in a loop could take the cores the Kafka pipeline needs; past the rate it gets 429 with a
 * {@code Retry-After}, and the pipeline keeps its throughput.
 */
final class RequestRateLimit {

  private final double tokensPerNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private double tokens;
  private long last;

  /**
   * Creates a full bucket.
   *
   * @param perSecond requests per second on average, positive
   * @param burst requests at once, at least 1
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  RequestRateLimit(double perSecond, int burst, LongSupplier nanoClock) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "the request rate must be a positive number of requests per second, got " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("the burst must be at least 1 request, got " + burst);
    }
    this.tokensPerNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.tokens = burst;
    this.last = nanoClock.getAsLong();
  }

  /**
   * Takes one request's token if there is one.
   *
   * @return 0 when the request may go ahead, else how many nanoseconds until a token is back
   */
  synchronized long tryAcquire() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * tokensPerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }
}
