package io.flowspect.service.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.OrderedWrites;
import io.flowspect.service.kafka.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The chaos figures count what a read_committed consumer sees: a missing and a repeated image. */
class LedgerTest {

  @Test
  void countsLostAndDuplicatedImagesFromTheTopic() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      TopicAdmin.ensure(
          kafka.bootstrapServers(),
          List.of("scores"),
          2,
          (short) 1,
          Map.of(),
          Duration.ofSeconds(30));
      Map<String, Object> p = OrderedWrites.apply(new HashMap<>());
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      try (KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
          Ledger ledger = new Ledger(kafka.bootstrapServers(), "scores", 2)) {
        for (String id : List.of("a", "b", "b", "c", "b")) {
          String json = "{\"image_id\":\"" + id + "\",\"line\":\"line-1\",\"score\":1.0}";
          producer
              .send(new ProducerRecord<>("scores", null, json.getBytes(StandardCharsets.UTF_8)))
              .get();
        }
        Set<String> sent = Set.of("a", "b", "c", "d");
        assertThat(ledger.awaitAll(Set.of("a", "b", "c"), Duration.ofSeconds(30))).isTrue();
        // Every record is acknowledged; wait until the ledger has read all five.
        Awaitility.await("five records read")
            .atMost(Duration.ofSeconds(30))
            .until(() -> ledger.records() >= 5);
        assertThat(ledger.lost(sent)).isEqualTo(1);
        assertThat(ledger.duplicated()).isEqualTo(2);
        assertThat(ledger.records()).isEqualTo(5);
      }
    }
  }
}
