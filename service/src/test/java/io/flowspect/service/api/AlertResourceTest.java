package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/alerts}: alerts of images streamed through Kafka show up newest first, as the
 * pipeline wrote them to the alert topic.
 */
@QuarkusTest
class AlertResourceTest {

  @Inject KafkaConnection kafka;

  /** Images the default model finds anomalous, found through the REST scorer. */
  private static List<byte[]> anomalousImages() {
    List<byte[]> out = new ArrayList<>();
    List<byte[]> candidates = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      candidates.add(TestImages.stripes(i));
      candidates.add(TestImages.noise(i));
    }
    for (byte[] png : candidates) {
      boolean anomaly =
          given()
              .contentType("image/png")
              .body(png)
              .post("/api/v1/score")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getBoolean("anomaly");
      if (anomaly) {
        out.add(png);
      }
    }
    return out;
  }

  @Test
  void shouldListTheNewestAlertsFirst() throws Exception {
    List<byte[]> images = anomalousImages();
    assertThat(images).isNotEmpty();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String id = "alerts-" + i;
      ids.add(id);
      RecordHeaders h = new RecordHeaders();
      h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
      records.add(
          new ProducerRecord<>(
              Topics.IMAGES,
              null,
              "alerts-line".getBytes(StandardCharsets.UTF_8),
              images.get(i),
              h));
    }
    new KafkaTestClient(kafka.bootstrapServers()).produce(records);

    List<Map<String, Object>> alerts =
        await("every alert of alerts-line listed")
            .atMost(Duration.ofSeconds(60))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    given()
                        .queryParam("limit", 1000)
                        .get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .<Map<String, Object>>getList("findAll { it.line == 'alerts-line' }"),
                a -> a.size() >= ids.size());
    // One batch, input order; newest first reverses it.
    List<String> listed = alerts.stream().map(a -> (String) a.get("image_id")).toList();
    List<String> expected = new ArrayList<>(ids);
    Collections.reverse(expected);
    assertThat(listed).isEqualTo(expected);
    JsonPath newest = given().queryParam("limit", 1).get("/api/v1/alerts").jsonPath();
    assertThat(newest.getList("$")).hasSize(1);
    assertThat(newest.getString("[0].image_id")).isEqualTo(expected.get(0));
    assertThat(newest.getString("[0].model.id")).isEqualTo("fmnist-made-tiny");
    assertThat(newest.getString("[0].explanation.method")).isEqualTo("pixel_nll");
    assertThat(newest.getString("[0].explanation.heatmap_png")).isNotBlank();
    assertThat(newest.getDouble("[0].score")).isGreaterThan(newest.getDouble("[0].threshold"));
  }

  @Test
  void shouldRefuseALimitOutsideTheBuffer() {
    given()
        .queryParam("limit", 0)
        .get("/api/v1/alerts")
        .then()
        .statusCode(400)
        .body("error", containsString("between 1 and 1000"));
    given().queryParam("limit", 1001).get("/api/v1/alerts").then().statusCode(400);
    given().get("/api/v1/alerts").then().statusCode(200).body("size()", lessThanOrEqualTo(50));
  }
}
