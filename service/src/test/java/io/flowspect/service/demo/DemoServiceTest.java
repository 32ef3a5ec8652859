package io.flowspect.service.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.lifecycle.Stoppable;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.support.DemoProfile;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.PrometheusText;
import io.quarkus.arc.All;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The application as {@code ./flowspect serve} starts it, with no Kafka cluster configured: its own
 * broker, and the demo producer feeding it bundled images, so that scores, alerts, dead letters and
 * metrics appear without any producer of one's own.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class DemoServiceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject KafkaConnection kafka;
  @Inject DemoService demo;
  @Inject @All List<Stoppable> stoppables;

  private static PrometheusText scrape() {
    return new PrometheusText(
        given().get("/q/metrics").then().statusCode(200).extract().body().asString());
  }

  @Test
  void shouldStreamBundledImagesIntoTheEmbeddedBrokerAndScoreThem() throws Exception {
    assertThat(kafka.isEmbedded()).isTrue();
    assertThat(demo.isRunning()).isTrue();

    KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
    List<ConsumerRecord<byte[], byte[]>> scores =
        client.readAll(Topics.SCORES, true, l -> l.size() >= 60, WAIT);
    assertThat(scores).hasSizeGreaterThanOrEqualTo(60);
    Set<DemoKind> kinds =
        scores.stream()
            .map(r -> DemoKind.ofImageId(KafkaTestClient.header(r, ImageHeaders.IMAGE_ID)))
            .collect(Collectors.toSet());
    assertThat(kinds).contains(DemoKind.NORMAL, DemoKind.DIGIT).doesNotContainNull();
    var first = OutputJson.mapper().readTree(scores.get(0).value());
    assertThat(first.at("/model/id").asText()).isEqualTo("fmnist-made-tiny");
    assertThat(first.get("line").asText()).isIn("line-1", "line-2", "line-3");
    assertThat(first.get("captured_at").isNull()).isFalse();

    // Corrupt files went to the dead-letter topic; metrics and the alert list show the stream.
    List<ConsumerRecord<byte[], byte[]>> dlq =
        client.readAll(Topics.DLQ, true, l -> !l.isEmpty(), WAIT);
    assertThat(DemoKind.ofImageId(KafkaTestClient.header(dlq.get(0), ImageHeaders.IMAGE_ID)))
        .isEqualTo(DemoKind.CORRUPT);
    List<?> alerts =
        await("an alert in the alert list")
            .atMost(WAIT)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    given()
                        .get("/api/v1/alerts")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList(""),
                a -> !a.isEmpty());
    assertThat(alerts).isNotEmpty();
    PrometheusText metrics = scrape();
    assertThat(metrics.sum("flowspect_images_total", "line", "line-1")).isPositive();
    assertThat(metrics.sum("flowspect_dlq_total", "reason", "TRUNCATED")).isPositive();
    assertThat(demo.sent()).isPositive();
  }

  @Test
  void shouldStopTheDemoWithThePipelineAndTheWebhooks() {
    assertThat(stoppables)
        .extracting(Stoppable::stopName)
        .contains("demo producer", "scoring pipeline", "webhook dispatcher");
  }
}
