package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.support.Api;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reloads and a threshold change through the API while a camera streams into Kafka: every image
 * gets exactly one score record (read_committed), none goes to the dead-letter topic, and images
 * sent after the threshold call returned are decided with the new threshold.
 */
@QuarkusTest
class ReloadWhileStreamingTest {

  private static final String MADE = "fmnist-made-tiny";
  private static final String LINE = "reload-line";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Inject KafkaConnection kafka;

  @BeforeAll
  static void exactNumbers() {
    Api.readNumbersAsDoubles();
  }

  @AfterEach
  void restoreThreshold() {
    given().header("Authorization", Api.ADMIN).post("/api/v1/models/" + MADE + "/reload");
  }

  private static ProducerRecord<byte[], byte[]> image(String id, byte[] png) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(Topics.IMAGES, null, LINE.getBytes(StandardCharsets.UTF_8), png, h);
  }

  private static List<byte[]> pictures() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      out.add(TestImages.stripes(i));
      out.add(TestImages.noise(i));
    }
    return out;
  }

  private static long withPrefix(List<ConsumerRecord<byte[], byte[]>> records, String prefix) {
    return records.stream()
        .map(r -> KafkaTestClient.header(r, ImageHeaders.IMAGE_ID))
        .filter(id -> id != null && id.startsWith(prefix))
        .count();
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    try {
      return OutputJson.mapper().readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void shouldNeitherLoseNorRepeatAnImageAcrossReloadsAndThresholdChanges() throws Exception {
    KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
    List<byte[]> pictures = pictures();
    double oldThreshold =
        given().get("/api/v1/models/" + MADE).jsonPath().getDouble("model.threshold");

    // A camera: batches of 10 images every 50 ms until told to stop.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    Thread camera =
        new Thread(
            () -> {
              while (!stop.get()) {
                List<ProducerRecord<byte[], byte[]>> chunk = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                  int n = sent.getAndIncrement();
                  chunk.add(image(String.format("reload-%04d", n), pictures.get(n % 16)));
                }
                client.produce(chunk);
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "test-camera");
    camera.start();
    try {
      // Streaming has visibly begun before the first swap.
      client.readAll(Topics.SCORES, true, l -> withPrefix(l, "reload-0") >= 20, WAIT);
      for (int i = 0; i < 3; i++) {
        given()
            .header("Authorization", Api.ADMIN)
            .post("/api/v1/models/" + MADE + "/reload")
            .then()
            .statusCode(200);
        Thread.sleep(100);
      }
      given()
          .header("Authorization", Api.ADMIN)
          .contentType(ContentType.JSON)
          .body(Map.of("alpha", 0.1))
          .put("/api/v1/models/" + MADE + "/threshold")
          .then()
          .statusCode(200);
      Thread.sleep(300);
    } finally {
      stop.set(true);
      camera.join();
    }
    double newThreshold =
        given().get("/api/v1/models/" + MADE).jsonPath().getDouble("model.threshold");
    assertThat(newThreshold).isNotEqualTo(oldThreshold);
    // Sent after the threshold call returned.
    List<ProducerRecord<byte[], byte[]>> tail = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      tail.add(image(String.format("reload-tail-%02d", i), pictures.get(i % 16)));
    }
    client.produce(tail);
    int expected = sent.get() + tail.size();

    List<ConsumerRecord<byte[], byte[]>> scores =
        client.readAll(Topics.SCORES, true, l -> withPrefix(l, "reload-") >= expected, WAIT);
    List<String> ids = new ArrayList<>();
    Set<Double> headThresholds = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : scores) {
      String id = KafkaTestClient.header(r, ImageHeaders.IMAGE_ID);
      if (id == null || !id.startsWith("reload-")) {
        continue;
      }
      ids.add(id);
      double threshold = json(r).get("threshold").asDouble();
      if (id.startsWith("reload-tail-")) {
        assertThat(threshold).as(id).isEqualTo(newThreshold);
      } else {
        headThresholds.add(threshold);
      }
    }
    assertThat(ids).hasSize(expected).doesNotHaveDuplicates();
    assertThat(headThresholds).contains(oldThreshold).isSubsetOf(oldThreshold, newThreshold);
    List<ConsumerRecord<byte[], byte[]>> dlq =
        client.readAll(Topics.DLQ, true, l -> true, Duration.ofSeconds(1));
    assertThat(withPrefix(dlq, "reload-")).isZero();
  }
}
