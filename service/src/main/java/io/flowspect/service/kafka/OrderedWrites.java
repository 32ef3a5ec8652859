package io.flowspect.service.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The one producer setting every Flowspect producer starts from: one request in flight per broker
 * connection.
 *
 * <p>Why: with several requests in flight, a partition that starts taking writes between two of
 * them (a topic just created, a leader just moved, a broker just restarted) can refuse the first
 * with NOT_LEADER_OR_FOLLOWER and append the second. Brokers before Kafka 4.5 accept any first
 * sequence from an idempotent producer they hold no state for (KAFKA-15591), so the refused batch
 * then fails with OUT_OF_ORDER_SEQUENCE_NUMBER on every retry until it expires and its records are
 * lost, while {@code acks=all} and idempotence promise otherwise. One request in flight keeps the
 * batches of a partition in order on every broker version; a request carries the batches of every
 * partition the broker leads, so a scoring service that commits a transaction per poll loses little
 * by it. A deployment on brokers 4.5 or later may lift it through its producer overrides.
 */
public final class OrderedWrites {

  private OrderedWrites() {}

  /**
   * Puts the setting into producer properties.
   *
   * @param producerProperties the properties to complete; changed in place
   * @return the same map
   */
  public static Map<String, Object> apply(Map<String, Object> producerProperties) {
    producerProperties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return producerProperties;
  }
}
