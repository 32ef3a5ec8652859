package io.flowspect.service.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where an input record sits in the log: enough to find it again or replay it.
 *
 * @param topic the input topic
 * @param partition its partition
 * @param offset its offset
 */
public record SourceRef(String topic, int partition, long offset) {

  /**
   * Returns the position of a consumed record.
   *
   * @param record the record
   * @return its topic, partition and offset
   */
  public static SourceRef of(ConsumerRecord<?, ?> record) {
    return new SourceRef(record.topic(), record.partition(), record.offset());
  }

  /**
   * Returns the id given to an image that arrives without an {@code image-id} header.
   *
   * @return {@code topic-partition-offset}
   */
  public String fallbackId() {
    return topic + "-" + partition + "-" + offset;
  }
}
