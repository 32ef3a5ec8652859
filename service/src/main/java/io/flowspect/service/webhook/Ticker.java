package io.flowspect.service.webhook;

/**
 * A source of nanoseconds for measuring elapsed time, injected so that tests can move time by hand
 * (the circuit breaker's cool-down) instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading; only differences between readings mean anything.
   *
   * @return nanoseconds
   */
  long nanos();

  /**
   * Returns the ticker of {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
