package io.flowspect.service.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.support.Api;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.PrometheusText;
import io.flowspect.service.support.TestBundles;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DecisionMetrics} at {@code /q/metrics}: each model's threshold and alpha, following a
 * threshold change, and the p-value histogram split exactly where decisions are.
 */
@QuarkusTest
class DecisionMetricsTest {

  private static final String MADE = "fmnist-made-tiny";
  private static final String NICE = "fmnist-nice-tiny";

  private static Calibration made;

  @Inject KafkaConnection kafka;

  @BeforeAll
  static void readCalibration() {
    Api.readNumbersAsDoubles();
    made = CalibrationFile.read(Bundle.open(TestBundles.made())).orElseThrow();
  }

  @AfterEach
  void restoreThresholds() {
    for (String id : List.of(MADE, NICE)) {
      given().header("Authorization", Api.ADMIN).post("/api/v1/models/" + id + "/reload");
    }
  }

  private static PrometheusText scrape() {
    return new PrometheusText(
        given().get("/q/metrics").then().statusCode(200).extract().body().asString());
  }

  @Test
  void shouldExportEachModelsThresholdAndAlphaAndFollowChanges() {
    PrometheusText before = scrape();
    assertThat(before.sum("flowspect_model_threshold", "model", MADE, "score", "complexity"))
        .isEqualTo(made.threshold());
    assertThat(before.sum("flowspect_model_alpha", "model", MADE, "version", "0.1.0-test"))
        .isEqualTo(made.alpha());
    assertThat(before.has("flowspect_model_threshold", "model", NICE)).isTrue();

    double threshold =
        given()
            .header("Authorization", Api.ADMIN)
            .contentType(ContentType.JSON)
            .body(Map.of("alpha", 0.1))
            .put("/api/v1/models/" + MADE + "/threshold")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getDouble("threshold");
    PrometheusText after = scrape();
    assertThat(after.sum("flowspect_model_threshold", "model", MADE)).isEqualTo(threshold);
    assertThat(after.sum("flowspect_model_alpha", "model", MADE)).isEqualTo(0.1);
    // One series per model: the old threshold is gone.
    assertThat(after.values("flowspect_model_threshold", "model", MADE)).hasSize(1);
  }

  private static double delta(
      PrometheusText before, PrometheusText now, String name, String... labels) {
    return now.sum(name, labels) - before.sum(name, labels);
  }

  @Test
  void shouldCountAnImageBelowAlphaExactlyWhenItIsAnAnomaly() throws Exception {
    String alpha = String.valueOf(made.alpha()); // 0.02: one of the histogram's bounds
    assertThat(DecisionMetrics.P_VALUE_BUCKETS).contains(made.alpha());
    PrometheusText before = scrape();
    List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      RecordHeaders h = new RecordHeaders();
      h.add(ImageHeaders.IMAGE_ID, ("decision-" + i).getBytes(StandardCharsets.UTF_8));
      inputs.add(
          new ProducerRecord<>(
              Topics.IMAGES,
              null,
              "decision-line".getBytes(StandardCharsets.UTF_8),
              i % 2 == 0 ? TestImages.stripes(1 + i) : TestImages.noise(100 + i),
              h));
    }
    new KafkaTestClient(kafka.bootstrapServers()).produce(inputs);

    PrometheusText last =
        await("8 p-values counted, as many below alpha as anomalies")
            .atMost(Duration.ofSeconds(60))
            .pollDelay(Duration.ofMillis(250))
            .pollInterval(Duration.ofMillis(250))
            .until(
                DecisionMetricsTest::scrape,
                s ->
                    delta(before, s, "flowspect_p_value_count", "model", MADE) >= 8
                        && delta(before, s, "flowspect_p_value_bucket", "model", MADE, "le", alpha)
                            == delta(
                                before,
                                s,
                                "flowspect_images_total",
                                "model",
                                MADE,
                                "decision",
                                "anomaly"));
    double counted = delta(before, last, "flowspect_p_value_count", "model", MADE);
    double belowAlpha = delta(before, last, "flowspect_p_value_bucket", "model", MADE, "le", alpha);
    double anomalies =
        delta(before, last, "flowspect_images_total", "model", MADE, "decision", "anomaly");
    assertThat(counted).isGreaterThanOrEqualTo(8);
    assertThat(anomalies).isPositive();
    assertThat(belowAlpha).isEqualTo(anomalies);
    PrometheusText now = scrape();
    assertThat(now.sum("flowspect_p_value_bucket", "model", MADE, "le", "+Inf"))
        .isEqualTo(now.sum("flowspect_p_value_count", "model", MADE));
  }
}
