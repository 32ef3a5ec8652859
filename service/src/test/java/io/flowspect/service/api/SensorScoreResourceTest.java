package io.flowspect.service.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.flowspect.core.defect.Severity;
import io.flowspect.core.signal.Fault;
import io.flowspect.core.signal.Recording;
import io.flowspect.core.signal.VibrationSimulator;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.support.Api;
import io.flowspect.service.support.ConditionalProfile;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/score} with a sensor recording ({@code application/x-float32}) on the line of
 * the tiny sensor bundle: windows, the hottest time span and a trace in the answer; refusals with
 * their status and the limit.
 */
@QuarkusTest
@TestProfile(ConditionalProfile.class)
class SensorScoreResourceTest {

  private static final String SCORE = "/api/v1/score";

  @BeforeAll
  static void exactNumbers() {
    Api.readNumbersAsDoubles();
  }

  private static byte[] recording(Fault fault) {
    VibrationSimulator sim = new VibrationSimulator(12_000, 256, 4.0);
    SplittableRandom random = new SplittableRandom(42);
    float[] x = new float[768];
    for (int w = 0; w < 3; w++) {
      float[] part = sim.simulate(random.split(), w == 1 ? fault : null, Severity.STRONG);
      System.arraycopy(part, 0, x, w * 256, 256);
    }
    return Recording.float32(new float[][] {x});
  }

  @Test
  void shouldJudgeARecordingWindowByWindowAndPlaceTheFault() {
    JsonPath json =
        given()
            .contentType(Recording.CONTENT_TYPE)
            .body(recording(Fault.OUTER_RACE))
            .queryParam("line", "line-vibration")
            .queryParam("sample-rate", 12000)
            .when()
            .post(SCORE)
            .then()
            .statusCode(200)
            .body("model.id", equalTo("signals-wavenet-tiny"))
            .body("decision", equalTo("anomaly"))
            .body("signal.channels", equalTo(1))
            .body("signal.samples", equalTo(768))
            .body("signal.window_samples", equalTo(256))
            .extract()
            .jsonPath();
    assertThat(json.getList("signal.windows")).hasSize(3);
    assertThat(json.getInt("signal.hottest.start_sample")).isBetween(256, 511);
    assertThat(json.getDouble("signal.hottest.end_seconds"))
        .isEqualTo(json.getInt("signal.hottest.end_sample") / 12_000.0);
    assertThat(json.getInt("signal.trace.step")).isEqualTo(2);
    assertThat(json.getList("signal.trace.evidence[0]")).hasSize(384);
    assertThat(json.getDouble("score")).isEqualTo(json.getDouble("signal.windows[1].value"));
  }

  @Inject KafkaConnection kafka;

  @Test
  void shouldCountTheWindowsAndSecondsOfSignalThePipelineJudged() {
    PrometheusText before = scrape();
    KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
    List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RecordHeaders h = new RecordHeaders();
      h.add(ImageHeaders.IMAGE_ID, ("vibration-" + i).getBytes(StandardCharsets.UTF_8));
      h.add(ImageHeaders.CONTENT_TYPE, Recording.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
      h.add(ImageHeaders.SAMPLE_RATE, "12000".getBytes(StandardCharsets.UTF_8));
      inputs.add(
          new ProducerRecord<>(
              Topics.IMAGES,
              null,
              "line-vibration".getBytes(StandardCharsets.UTF_8),
              recording(i == 0 ? null : Fault.INNER_RACE),
              h));
    }
    client.produce(inputs);
    PrometheusText after =
        await("both recordings counted")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(
                SensorScoreResourceTest::scrape,
                t ->
                    t.sum("flowspect_signal_windows_total", "line", "line-vibration")
                            - before.sum("flowspect_signal_windows_total", "line", "line-vibration")
                        >= 6);
    assertThat(
            after.sum("flowspect_signal_windows_total", "line", "line-vibration")
                - before.sum("flowspect_signal_windows_total", "line", "line-vibration"))
        .isEqualTo(6);
    assertThat(
            after.sum("flowspect_signal_seconds_total", "line", "line-vibration")
                - before.sum("flowspect_signal_seconds_total", "line", "line-vibration"))
        .isCloseTo(2 * 768 / 12_000.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  private static PrometheusText scrape() {
    return new PrometheusText(
        given().get("/q/metrics").then().statusCode(200).extract().body().asString());
  }

  @Test
  void shouldRefuseRecordingsItCannotReadNamingTheLimit() {
    given()
        .contentType(Recording.CONTENT_TYPE)
        .body(recording(null))
        .queryParam("line", "line-vibration")
        .when()
        .post(SCORE)
        .then()
        .statusCode(400)
        .body("error", containsString("needs the query parameter sample-rate"));
    given()
        .contentType(Recording.CONTENT_TYPE)
        .body(recording(null))
        .queryParam("line", "line-vibration")
        .queryParam("sample-rate", 8000)
        .when()
        .post(SCORE)
        .then()
        .statusCode(422)
        .body("error", containsString("sample rate 8000 Hz, the model was trained at 12000 Hz"));
    given()
        .contentType(Recording.CONTENT_TYPE)
        .body(new byte[1023])
        .queryParam("line", "line-vibration")
        .queryParam("sample-rate", 12000)
        .when()
        .post(SCORE)
        .then()
        .statusCode(422)
        .body("error", containsString("1023 bytes are not whole samples"));
    given()
        .contentType(Recording.CONTENT_TYPE)
        .body(recording(null))
        .queryParam("sample-rate", 12000)
        .when()
        .post(SCORE)
        .then()
        .statusCode(422)
        .body("error", containsString("not trained on sensor windows"));
  }
}
