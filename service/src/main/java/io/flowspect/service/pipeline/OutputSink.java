package io.flowspect.service.pipeline;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Produces a batch's outputs and commits its input offsets, with the guarantee of its {@link
 * Delivery}. One per pipeline session; used by the pipeline thread only.
 */
abstract class OutputSink implements AutoCloseable {

  /** How long a graceful close waits for the producer. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  final Producer<byte[], byte[]> producer;

  OutputSink(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /**
   * Creates the sink of a delivery guarantee.
   *
   * @param delivery the guarantee
   * @param producer a producer configured for it (transactional for exactly-once)
   * @return the sink, ready for its first batch
   */
  static OutputSink of(Delivery delivery, Producer<byte[], byte[]> producer) {
    return delivery == Delivery.EXACTLY_ONCE
        ? new Transactional(producer)
        : new AtLeastOnce(producer);
  }

  /** Starts a batch. */
  abstract void begin();

  /** Produces one output of the current batch. */
  abstract void send(ProducerRecord<byte[], byte[]> record);

  /**
   * Makes the batch's outputs and offsets durable together (exactly-once) or in that order
   * (at-least-once).
   *
   * @throws KafkaException if the batch could not be committed; the caller must redo it from the
   *     last committed offsets with fresh clients
   */
  abstract void commit(
      Map<TopicPartition, OffsetAndMetadata> offsets, Consumer<byte[], byte[]> consumer);

  /**
   * Stops as a killed process would: what was sent is flushed to the broker but neither committed
   * nor aborted. For crash tests.
   */
  void crash() {
    try {
      producer.flush();
    } finally {
      producer.close(Duration.ZERO);
    }
  }

  /** Closes the producer; an open transaction is aborted. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }

  /** A Kafka transaction per batch carries the outputs and the offsets. */
  private static final class Transactional extends OutputSink {

    Transactional(Producer<byte[], byte[]> producer) {
      super(producer);
      // Fences an older producer with the same transactional id and aborts its open batch.
      producer.initTransactions();
    }

    @Override
    void begin() {
      producer.beginTransaction();
    }

    @Override
    void send(ProducerRecord<byte[], byte[]> record) {
      producer.send(record);
    }

    @Override
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, Consumer<byte[], byte[]> consumer) {
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    }
  }

  /** Outputs flushed, then offsets committed: a crash in between repeats outputs. */
  private static final class AtLeastOnce extends OutputSink {

    private volatile Exception failure;

    AtLeastOnce(Producer<byte[], byte[]> producer) {
      super(producer);
    }

    @Override
    void begin() {
      failure = null;
    }

    @Override
    void send(ProducerRecord<byte[], byte[]> record) {
      producer.send(
          record,
          (metadata, e) -> {
            if (e != null && failure == null) {
              failure = e;
            }
          });
    }

    @Override
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, Consumer<byte[], byte[]> consumer) {
      producer.flush();
      Exception e = failure;
      if (e != null) {
        throw new KafkaException("an output of the batch was not written: " + e.getMessage(), e);
      }
      consumer.commitSync(offsets);
    }
  }
}
