package io.flowspect.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topic creation against the in-process broker. */
class TopicAdminTest {

  private static final int ROUNDS = 8;
  private static final int PARTITIONS = 6;
  private static final int RECORDS = 300;

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    QuietKafkaLogs.apply();
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /**
   * A producer that writes the moment {@link TopicAdmin#ensure} returns loses nothing, even with
   * five requests in flight (deliberately without {@link OrderedWrites}): every partition already
   * takes writes. Before the fix, a first batch refused with NOT_LEADER_OR_FOLLOWER while a later
   * one was appended could never be written (KAFKA-15591).
   */
  @Test
  void newTopicsTakeWritesTheMomentEnsureReturns() throws Exception {
    KafkaTestClient reader = new KafkaTestClient(kafka.bootstrapServers());
    for (int round = 0; round < ROUNDS; round++) {
      String topic = "fresh-" + round;
      TopicAdmin.ensure(
          kafka.bootstrapServers(),
          List.of(topic),
          PARTITIONS,
          (short) 1,
          Map.of(),
          Duration.ofSeconds(30));
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      try (var producer = unorderedProducer()) {
        for (int i = 0; i < RECORDS; i++) {
          byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
          sends.add(producer.send(new ProducerRecord<>(topic, key, new byte[64])));
        }
        producer.flush();
      }
      for (Future<RecordMetadata> send : sends) {
        try {
          send.get();
        } catch (ExecutionException e) {
          throw new AssertionError("round " + round + ": a send to " + topic + " failed", e);
        }
      }
      assertThat(reader.readAtLeast(topic, false, RECORDS, Duration.ofSeconds(30)))
          .as("records in %s", topic)
          .hasSize(RECORDS);
    }
  }

  @Test
  void refusesNonPositivePartitionsOrReplicas() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                TopicAdmin.ensure(
                    kafka.bootstrapServers(),
                    List.of("x"),
                    0,
                    (short) 1,
                    Map.of(),
                    Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  private static KafkaProducer<byte[], byte[]> unorderedProducer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // Small batches, sent at once: many requests in flight while the partitions come up.
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
