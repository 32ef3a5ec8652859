package io.flowspect.service.support;

import io.flowspect.service.kafka.OrderedWrites;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces test inputs and reads whole topics back, as a line camera and a dashboard would. */
public final class KafkaTestClient {

  private final String bootstrapServers;
  private final Map<String, String> security;

  /**
   * Creates a client.
   *
   * @param bootstrapServers the cluster
   */
  public KafkaTestClient(String bootstrapServers) {
    this(bootstrapServers, Map.of());
  }

  /**
   * Creates a client of a secured cluster.
   *
   * @param bootstrapServers the cluster
   * @param security security.protocol, sasl.* and ssl.* properties
   */
  public KafkaTestClient(String bootstrapServers, Map<String, String> security) {
    this.bootstrapServers = bootstrapServers;
    this.security = Map.copyOf(security);
  }

  /**
   * Produces records and waits until all are acknowledged.
   *
   * @param records the records
   */
  public void produce(List<ProducerRecord<byte[], byte[]>> records) {
    Map<String, Object> p = OrderedWrites.apply(new HashMap<>());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.putAll(security);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (var producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        producer.send(r);
      }
      producer.flush();
    }
  }

  /**
   * Reads a topic from the beginning until {@code done} holds for what was read (or the timeout),
   * then on to the end of the log as it stands, so that records beyond the expected ones are caught
   * too.
   *
   * @param topic the topic
   * @param readCommitted true for {@code isolation.level=read_committed}
   * @param done when to stop waiting for more records
   * @param timeout the longest wait
   * @return every record read, in partition order
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic,
      boolean readCommitted,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.putAll(security);
    p.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(out) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long drainDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < drainDeadline
          && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        consumer.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * Reads until at least {@code count} records are there.
   *
   * @param topic the topic
   * @param readCommitted isolation
   * @param count records expected
   * @param timeout longest wait
   * @return every record read
   */
  public List<ConsumerRecord<byte[], byte[]>> readAtLeast(
      String topic, boolean readCommitted, int count, Duration timeout) {
    return readAll(topic, readCommitted, l -> l.size() >= count, timeout);
  }

  /**
   * Returns a header as text.
   *
   * @param r the record
   * @param name the header
   * @return its last value, or null
   */
  public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /**
   * Returns the distinct values of a header.
   *
   * @param records the records
   * @param name the header
   * @return the values
   */
  public static Set<String> headerValues(
      List<ConsumerRecord<byte[], byte[]>> records, String name) {
    return records.stream().map(r -> header(r, name)).collect(Collectors.toSet());
  }
}
