package io.flowspect.service.webhook;

import java.time.Duration;

/**
 * A circuit breaker for one webhook endpoint: after {@link BreakerPolicy#failureThreshold()}
 * failures in a row it opens and no request is sent for {@link BreakerPolicy#coolDown()}; then it
 * half-opens and lets one probe through at a time; {@link BreakerPolicy#successThreshold()}
 * successful probes in a row close it, a failed probe opens it for another cool-down.
 *
 * <p>Why: a receiver that is down or overloaded should not be hammered with a request per retry of
 * every alert; while the breaker is open the dispatcher waits instead, and the alert in hand keeps
 * its place (and its retry budget: only requests actually sent count as attempts).
 *
 * <p>Thread-safe. Time comes from an injected {@link Ticker}.
 */
public final class CircuitBreaker {

  /** Where the breaker stands. */
  public enum State {
    /** Requests flow; failures in a row are counted. */
    CLOSED,
    /** No request is sent until the cool-down has passed. */
    OPEN,
    /** One probe at a time; its outcome closes or reopens the breaker. */
    HALF_OPEN
  }

  private final BreakerPolicy policy;
  private final Ticker ticker;
  private State state = State.CLOSED;
  private int failuresInARow;
  private int probeSuccesses;
  private boolean probeInFlight;
  private long openedAt;
  private long opens;

  /**
   * Creates a closed breaker.
   *
   * @param policy thresholds and cool-down
   * @param ticker the time source
   */
  public CircuitBreaker(BreakerPolicy policy, Ticker ticker) {
    if (policy == null || ticker == null) {
      throw new IllegalArgumentException("policy and ticker must not be null");
    }
    this.policy = policy;
    this.ticker = ticker;
  }

  /**
   * Asks to send one request. Closed: always granted. Open: refused until the cool-down has passed,
   * then the breaker half-opens. Half-open: granted when no other probe is in flight. A granted
   * request must be followed by {@link #onSuccess()} or {@link #onFailure()}.
   *
   * @return true if the request may be sent now
   */
  public synchronized boolean tryAcquire() {
    if (state == State.OPEN) {
      if (ticker.nanos() - openedAt < policy.coolDown().toNanos()) {
        return false;
      }
      state = State.HALF_OPEN;
      probeSuccesses = 0;
      probeInFlight = false;
    }
    if (state == State.HALF_OPEN) {
      if (probeInFlight) {
        return false;
      }
      probeInFlight = true;
    }
    return true;
  }

  /**
   * Returns how long an open breaker stays open.
   *
   * @return the time left of the cool-down; zero when the breaker is not open or the cool-down has
   *     passed
   */
  public synchronized Duration remainingCoolDown() {
    if (state != State.OPEN) {
      return Duration.ZERO;
    }
    long left = policy.coolDown().toNanos() - (ticker.nanos() - openedAt);
    return Duration.ofNanos(Math.max(0, left));
  }

  /** Records a successful request (a 2xx answer). */
  public synchronized void onSuccess() {
    failuresInARow = 0;
    if (state == State.HALF_OPEN) {
      probeInFlight = false;
      probeSuccesses++;
      if (probeSuccesses >= policy.successThreshold()) {
        state = State.CLOSED;
      }
    }
  }

  /** Records a failed request (no answer in time, no connection, or a non-2xx answer). */
  public synchronized void onFailure() {
    if (state == State.HALF_OPEN) {
      open();
      return;
    }
    failuresInARow++;
    if (state == State.CLOSED && failuresInARow >= policy.failureThreshold()) {
      open();
    }
  }

  private void open() {
    state = State.OPEN;
    openedAt = ticker.nanos();
    failuresInARow = 0;
    probeInFlight = false;
    opens++;
  }

  /**
   * Returns the state as of now: an open breaker whose cool-down has passed reads as half-open.
   *
   * @return the state
   */
  public synchronized State state() {
    if (state == State.OPEN && remainingCoolDown().isZero()) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /**
   * Returns how often the breaker has opened (half-open to open included).
   *
   * @return the count
   */
  public synchronized long opens() {
    return opens;
  }
}
