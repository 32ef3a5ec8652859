package io.flowspect.service.webhook;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the dispatcher needs, as a plain value (tests build it directly; the service builds it
 * from {@link WebhookSettings}).
 *
 * @param bootstrapServers the cluster
 * @param alertsTopic where alerts are read
 * @param dlqTopic where alerts that could not be delivered go, one record per alert and endpoint
 * @param endpoints the receivers, at least one, distinct names
 * @param retry attempts per alert and the waits between them
 * @param breaker when an endpoint's circuit breaker opens and closes
 * @param groupPrefix consumer groups are {@code <groupPrefix>-<endpoint name>}
 * @param instanceId this instance's stable id: the consumers' {@code group.instance.id}
 * @param startFrom where an endpoint without committed offsets starts
 * @param consumerOverrides extra consumer properties (security); cannot change the commit mode
 * @param producerOverrides extra properties of the dead-letter producer
 */
public record WebhookOptions(
    String bootstrapServers,
    String alertsTopic,
    String dlqTopic,
    List<WebhookEndpoint> endpoints,
    RetryPolicy retry,
    BreakerPolicy breaker,
    String groupPrefix,
    String instanceId,
    StartFrom startFrom,
    Map<String, String> consumerOverrides,
    Map<String, String> producerOverrides) {

  /** Default dead-letter topic of alerts. */
  public static final String DEFAULT_DLQ_TOPIC = "flowspect.alerts.dlq";

  /** Default prefix of the consumer groups. */
  public static final String DEFAULT_GROUP_PREFIX = "flowspect-webhook";

  /** Validates; copies the collections. */
  public WebhookOptions {
    for (String s :
        new String[] {bootstrapServers, alertsTopic, dlqTopic, groupPrefix, instanceId}) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(
            "bootstrapServers, alertsTopic, dlqTopic, groupPrefix and instanceId must not be"
                + " blank");
      }
    }
    if (alertsTopic.equals(dlqTopic)) {
      throw new IllegalArgumentException(
          "the alert dead-letter topic must differ from the alert topic " + alertsTopic);
    }
    if (endpoints == null || endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one webhook endpoint is needed");
    }
    Set<String> names = new HashSet<>();
    for (WebhookEndpoint e : endpoints) {
      if (!names.add(e.name())) {
        throw new IllegalArgumentException("two webhook endpoints are named " + e.name());
      }
    }
    if (retry == null || breaker == null || startFrom == null) {
      throw new IllegalArgumentException("retry, breaker and startFrom must not be null");
    }
    endpoints = List.copyOf(endpoints);
    consumerOverrides = Map.copyOf(consumerOverrides);
    producerOverrides = Map.copyOf(producerOverrides);
  }

  /**
   * Returns the consumer group of an endpoint: each endpoint has its own, so each keeps its own
   * position in the alert topic and gets every alert, whatever the others do.
   *
   * @param endpoint the endpoint
   * @return {@code <groupPrefix>-<name>}
   */
  public String groupId(WebhookEndpoint endpoint) {
    return groupPrefix + "-" + endpoint.name();
  }
}
