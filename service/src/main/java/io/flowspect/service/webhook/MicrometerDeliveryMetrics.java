package io.flowspect.service.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * {@link DeliveryMetrics} as the Micrometer counter {@code flowspect.webhook.deliveries}
 * (Prometheus: {@code flowspect_webhook_deliveries_total}) with tags {@code endpoint} and {@code
 * outcome}.
 */
final class MicrometerDeliveryMetrics implements DeliveryMetrics {

  /** The meter name; Prometheus adds {@code _total}. */
  static final String NAME = "flowspect.webhook.deliveries";

  private final MeterRegistry registry;

  /**
   * Registers every endpoint and outcome at zero, so that dashboards and rate() see a series from
   * the start rather than from the first failure.
   *
   * @param registry the registry
   * @param endpoints the endpoint names
   */
  MicrometerDeliveryMetrics(MeterRegistry registry, Collection<String> endpoints) {
    this.registry = registry;
    for (String endpoint : endpoints) {
      for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
        counter(endpoint, outcome);
      }
    }
  }

  @Override
  public void record(String endpoint, DeliveryOutcome outcome) {
    counter(endpoint, outcome).increment();
  }

  private Counter counter(String endpoint, DeliveryOutcome outcome) {
    return Counter.builder(NAME)
        .description("Webhook requests by result, and alerts given up to the dead-letter topic")
        .tag("endpoint", endpoint)
        .tag("outcome", outcome.tag())
        .register(registry);
  }
}
