package io.flowspect.service.webhook;

/**
 * Where the dispatcher reports each request and each given-up alert: the counter {@code
 * flowspect_webhook_deliveries_total{endpoint,outcome}} in the service, nothing in plain tests.
 *
 * <p>Implementations must be thread-safe: every endpoint reports from its own thread.
 */
@FunctionalInterface
public interface DeliveryMetrics {

  /** Reports nothing. */
  DeliveryMetrics NONE = (endpoint, outcome) -> {};

  /**
   * Counts one event.
   *
   * @param endpoint the endpoint's name
   * @param outcome a request's result, or {@link DeliveryOutcome#DEAD_LETTER} for an alert given up
   */
  void record(String endpoint, DeliveryOutcome outcome);
}
