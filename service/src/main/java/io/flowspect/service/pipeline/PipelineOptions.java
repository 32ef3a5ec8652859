package io.flowspect.service.pipeline;

import io.flowspect.service.kafka.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the scoring loop needs to know about Kafka and batching, as a plain value (tests build
 * it directly; the service builds it from {@link PipelineSettings}).
 *
 * @param bootstrapServers the cluster
 * @param topics input and output topics
 * @param delivery exactly-once or at-least-once
 * @param maxRecords largest batch, at least 1
 * @param maxWait how long a batch waits for more records after its first, not negative
 * @param groupId consumer group
 * @param instanceId stable id of this instance (static membership, transactional id)
 * @param dlqMaxValueBytes largest value copied to the dead-letter topic
 * @param consumerOverrides extra consumer properties
 * @param producerOverrides extra producer properties
 */
public record PipelineOptions(
    String bootstrapServers,
    Topics topics,
    Delivery delivery,
    int maxRecords,
    Duration maxWait,
    String groupId,
    String instanceId,
    int dlqMaxValueBytes,
    Map<String, String> consumerOverrides,
    Map<String, String> producerOverrides) {

  /** Validates; copies the maps. */
  public PipelineOptions {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (topics == null || delivery == null || maxWait == null) {
      throw new IllegalArgumentException("topics, delivery and maxWait must not be null");
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1, got " + maxRecords);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
    if (groupId == null || groupId.isBlank() || instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException("groupId and instanceId must not be blank");
    }
    if (dlqMaxValueBytes < 0) {
      throw new IllegalArgumentException(
          "dlqMaxValueBytes must not be negative, got " + dlqMaxValueBytes);
    }
    consumerOverrides = Map.copyOf(consumerOverrides);
    producerOverrides = Map.copyOf(producerOverrides);
  }

  /**
   * Returns the defaults of {@link PipelineSettings} for a cluster.
   *
   * @param bootstrapServers the cluster
   * @return exactly-once, default topics, batches of 64 within 50 ms, instance {@code flowspect-1}
   */
  public static PipelineOptions defaults(String bootstrapServers) {
    return new PipelineOptions(
        bootstrapServers,
        Topics.defaults(),
        Delivery.EXACTLY_ONCE,
        64,
        Duration.ofMillis(50),
        "flowspect-scoring",
        "flowspect-1",
        1_000_000,
        Map.of(),
        Map.of());
  }

  /**
   * Returns a copy with another delivery guarantee.
   *
   * @param newDelivery the guarantee
   * @return the options
   */
  public PipelineOptions withDelivery(Delivery newDelivery) {
    return with(topics, newDelivery, maxRecords, maxWait);
  }

  /**
   * Returns a copy with another batch policy.
   *
   * @param newMaxRecords largest batch
   * @param newMaxWait wait for more records after the first
   * @return the options
   */
  public PipelineOptions withBatching(int newMaxRecords, Duration newMaxWait) {
    return with(topics, delivery, newMaxRecords, newMaxWait);
  }

  /**
   * Returns these options with client properties (TLS, SASL) added to both the consumer's and the
   * producer's overrides.
   *
   * @param properties the properties; existing overrides of the same names are replaced
   * @return the options
   */
  public PipelineOptions withClientProperties(Map<String, String> properties) {
    Map<String, String> consumer = new java.util.HashMap<>(consumerOverrides);
    Map<String, String> producer = new java.util.HashMap<>(producerOverrides);
    consumer.putAll(properties);
    producer.putAll(properties);
    return new PipelineOptions(
        bootstrapServers,
        topics,
        delivery,
        maxRecords,
        maxWait,
        groupId,
        instanceId,
        dlqMaxValueBytes,
        consumer,
        producer);
  }

  /**
   * Returns a copy with other topics.
   *
   * @param newTopics the topics
   * @return the options
   */
  public PipelineOptions withTopics(Topics newTopics) {
    return with(newTopics, delivery, maxRecords, maxWait);
  }

  /** A copy with these topics, delivery and batching; the withers' one constructor call. */
  private PipelineOptions with(
      Topics newTopics, Delivery newDelivery, int newMaxRecords, Duration newMaxWait) {
    return new PipelineOptions(
        bootstrapServers,
        newTopics,
        newDelivery,
        newMaxRecords,
        newMaxWait,
        groupId,
        instanceId,
        dlqMaxValueBytes,
        consumerOverrides,
        producerOverrides);
  }
}
