package io.flowspect.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.DeadLetters;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The application as started: with no {@code kafka.bootstrap.servers} it runs its own broker, and
 * its pipeline scores what arrives on the default topics with the configured default bundle.
 */
@QuarkusTest
class PipelineServiceTest {

  @Inject KafkaConnection kafka;
  @Inject PipelineService service;

  private static ProducerRecord<byte[], byte[]> image(String id, byte[] value, Instant capturedAt) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    h.add(ImageHeaders.CAPTURED_AT, capturedAt.toString().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        Topics.IMAGES, null, "line-a".getBytes(StandardCharsets.UTF_8), value, h);
  }

  private static byte[] stripes(int period) {
    byte[] pixels = new byte[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((i % 28) / period % 2 == 0 ? 30 : 220);
    }
    return TestImages.grayPng(pixels, 28, 28);
  }

  @Test
  void shouldRunAnEmbeddedBrokerAndScoreTheDefaultTopic() throws Exception {
    assertThat(kafka.isEmbedded()).isTrue();
    assertThat(service.pipeline()).isPresent();
    KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
    // The service has been idle: the time it spent waiting must not count as latency.
    Thread.sleep(500);
    Instant captured = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      inputs.add(image("wiring-" + i, stripes(i), captured));
    }
    inputs.add(image("wiring-garbage", "not an image".getBytes(StandardCharsets.UTF_8), captured));
    client.produce(inputs);

    List<ConsumerRecord<byte[], byte[]>> scores =
        client.readAll(
            Topics.SCORES,
            true,
            l ->
                l.stream()
                        .filter(r -> KafkaTestClient.header(r, ImageHeaders.IMAGE_ID) != null)
                        .filter(
                            r ->
                                KafkaTestClient.header(r, ImageHeaders.IMAGE_ID)
                                    .startsWith("wiring-"))
                        .count()
                    >= 5,
            Duration.ofSeconds(60));
    List<ConsumerRecord<byte[], byte[]>> dlq =
        client.readAll(
            Topics.DLQ,
            true,
            l -> KafkaTestClient.headerValues(l, ImageHeaders.IMAGE_ID).contains("wiring-garbage"),
            Duration.ofSeconds(60));

    Set<String> ids =
        scores.stream()
            .map(r -> KafkaTestClient.header(r, ImageHeaders.IMAGE_ID))
            .collect(Collectors.toSet());
    assertThat(ids).contains("wiring-1", "wiring-2", "wiring-3", "wiring-4", "wiring-5");
    // Other tests share the application and its topics: pick this test's record.
    var first =
        OutputJson.mapper()
            .readTree(
                scores.stream()
                    .filter(
                        r -> "wiring-1".equals(KafkaTestClient.header(r, ImageHeaders.IMAGE_ID)))
                    .findFirst()
                    .orElseThrow()
                    .value());
    assertThat(first.at("/model/id").asText()).isEqualTo("fmnist-made-tiny");
    assertThat(first.get("captured_at").asText()).isEqualTo(captured.toString());
    double service = first.at("/latency_ms/service").asDouble();
    assertThat(service)
        .isPositive()
        .isLessThanOrEqualTo(first.at("/latency_ms/end_to_end").asDouble());
    assertThat(KafkaTestClient.headerValues(dlq, ImageHeaders.IMAGE_ID)).contains("wiring-garbage");
    assertThat(KafkaTestClient.headerValues(dlq, DeadLetters.ERROR_REASON))
        .contains("UNSUPPORTED_FORMAT");
  }
}
