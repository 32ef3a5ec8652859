package io.flowspect.service.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.PrometheusText;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} after images went through the pipeline: the counters agree with the records
 * the pipeline committed.
 */
@QuarkusTest
class MetricsEndpointTest {

  private static final String LINE = "metrics-line";
  private static final String MADE = "fmnist-made-tiny";
  private static final int GOOD = 12;
  private static final int EMPTY = 2;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject KafkaConnection kafka;

  private static PrometheusText scrape() {
    return new PrometheusText(
        given().get("/q/metrics").then().statusCode(200).extract().body().asString());
  }

  private static ProducerRecord<byte[], byte[]> image(String id, byte[] value) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    // Taken a second ago: end-to-end latency is at least that.
    h.add(
        ImageHeaders.CAPTURED_AT,
        Instant.now().minusSeconds(1).toString().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        Topics.IMAGES, null, LINE.getBytes(StandardCharsets.UTF_8), value, h);
  }

  private static boolean ours(ConsumerRecord<byte[], byte[]> r) {
    String id = KafkaTestClient.header(r, ImageHeaders.IMAGE_ID);
    return id != null && id.startsWith("metrics-");
  }

  @Test
  void shouldCountWhatThePipelineCommitted() throws Exception {
    PrometheusText before = scrape();
    KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
    List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
    for (int i = 0; i < GOOD; i++) {
      byte[] png = i % 2 == 0 ? TestImages.stripes(1 + i / 2) : TestImages.noise(i);
      inputs.add(image("metrics-" + i, png));
    }
    for (int i = 0; i < EMPTY; i++) {
      inputs.add(image("metrics-empty-" + i, new byte[0]));
    }
    client.produce(inputs);
    List<ConsumerRecord<byte[], byte[]>> scores =
        client
            .readAll(
                Topics.SCORES,
                true,
                l -> l.stream().filter(MetricsEndpointTest::ours).count() >= GOOD,
                WAIT)
            .stream()
            .filter(MetricsEndpointTest::ours)
            .toList();
    assertThat(scores).hasSize(GOOD);
    long anomalies = 0;
    for (ConsumerRecord<byte[], byte[]> r : scores) {
      if (OutputJson.mapper().readTree(r.value()).get("anomaly").asBoolean()) {
        anomalies++;
      }
    }
    client.readAll(
        Topics.DLQ, true, l -> l.stream().filter(MetricsEndpointTest::ours).count() >= EMPTY, WAIT);

    // The observer runs right after the commit that made the records visible: poll briefly.
    PrometheusText after =
        await("every good image counted and the consumer lag exported")
            .atMost(Duration.ofSeconds(20))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(250))
            .until(
                MetricsEndpointTest::scrape,
                s ->
                    s.sum("flowspect_images_total", "line", LINE) >= GOOD
                        && s.has("kafka_consumer_fetch_manager_records_lag_max"));

    assertThat(
            after.sum("flowspect_images_total", "model", MADE, "line", LINE, "decision", "anomaly"))
        .isEqualTo(anomalies);
    assertThat(
            after.sum("flowspect_images_total", "model", MADE, "line", LINE, "decision", "normal"))
        .isEqualTo(GOOD - anomalies);
    assertThat(after.sum("flowspect_alerts_total", "model", MADE, "line", LINE))
        .isEqualTo(anomalies);
    assertThat(
            after.sum("flowspect_dlq_total", "reason", "EMPTY")
                - before.sum("flowspect_dlq_total", "reason", "EMPTY"))
        .isEqualTo(EMPTY);
    assertThat(before.has("flowspect_dlq_total", "reason", "NO_MODEL")).isTrue();
    assertThat(after.sum("flowspect_end_to_end_seconds_count", "model", MADE, "line", LINE))
        .isEqualTo(GOOD);
    assertThat(after.sum("flowspect_end_to_end_seconds_sum", "model", MADE, "line", LINE))
        .isGreaterThanOrEqualTo(GOOD * 1.0);
    assertThat(after.has("flowspect_end_to_end_seconds_bucket", "line", LINE)).isTrue();
    // Every image gives every score: bpd is never negative.
    assertThat(
            after.sum("flowspect_score_count", "model", MADE, "score", "bpd")
                - before.sum("flowspect_score_count", "model", MADE, "score", "bpd"))
        .isEqualTo(GOOD);
    assertThat(
            after.has("flowspect_score", "model", MADE, "score", "complexity", "quantile", "0.5"))
        .isTrue();
    double calls =
        after.sum("flowspect_inference_seconds_count", "model", MADE)
            - before.sum("flowspect_inference_seconds_count", "model", MADE);
    double batched =
        after.sum("flowspect_batch_size_sum", "model", MADE)
            - before.sum("flowspect_batch_size_sum", "model", MADE);
    assertThat(calls).isBetween(1.0, (double) GOOD);
    assertThat(batched).isEqualTo(GOOD);
    assertThat(after.sum("flowspect_model_info", "model", MADE, "version", "0.1.0-test"))
        .isEqualTo(1);
    assertThat(after.sum("flowspect_model_info", "model", "fmnist-nice-tiny")).isEqualTo(1);
    assertThat(after.sum("flowspect_drift_ks", "line", LINE)).isBetween(0.0, 1.0);
    assertThat(after.has("kafka_consumer_fetch_manager_records_lag_max")).isTrue();
  }
}
