package io.flowspect.service.pipeline;

import io.flowspect.service.kafka.OrderedWrites;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates the pipeline's Kafka clients: the user's overrides first, then the settings the delivery
 * guarantee depends on, which overrides cannot change.
 */
final class PipelineClients {

  private final PipelineOptions options;

  PipelineClients(PipelineOptions options) {
    this.options = options;
  }

  /** The transactional id of an instance: stable, so a restart fences its predecessor. */
  static String transactionalId(PipelineOptions options) {
    return options.groupId() + "-" + options.instanceId();
  }

  /** Bytes fetched per partition and request by default, overridable by consumer overrides. */
  static final int MAX_PARTITION_FETCH_BYTES = 128 * 1024;

  KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, options.instanceId() + "-images");
    // Fairness across lines when a backlog is caught up (after a restart): the consumer hands out
    // one partition's fetched chunk before the next, so a 1 MiB chunk (the client's default, about
    // a thousand small images) makes the other lines wait for it. 128 KiB interleaves them; a
    // single larger image is still fetched whole.
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES);
    p.putAll(options.consumerOverrides());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, options.instanceId());
    // Offsets are committed with the outputs, never on a timer.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Images from an aborted producer transaction are never scored.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxRecords());
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = OrderedWrites.apply(new HashMap<>());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, options.instanceId() + "-outputs");
    p.putAll(options.producerOverrides());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if (options.delivery() == Delivery.EXACTLY_ONCE) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(options));
    } else {
      p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
