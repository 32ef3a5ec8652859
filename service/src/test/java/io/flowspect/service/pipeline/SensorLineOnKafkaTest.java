package io.flowspect.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.defect.Severity;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.signal.Fault;
import io.flowspect.core.signal.Recording;
import io.flowspect.core.signal.VibrationSimulator;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.DeadLetters;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import io.flowspect.service.support.TestBundles;
import io.flowspect.service.support.TestPipelines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A sensor line on a real broker: float32 recordings ({@code application/x-float32} with {@code
 * sample-rate} and {@code channels}) beside a camera line, windowed to the tiny sensor bundle's 256
 * samples and judged exactly once; faulty recordings alert with the hottest time span inside the
 * faulty stretch, healthy ones mostly pass, and recordings the model cannot read go to the
 * dead-letter topic with a reason that names the limit.
 */
class SensorLineOnKafkaTest {

  private static final VibrationSimulator WINDOW = new VibrationSimulator(12_000, 256, 4.0);
  private static final int HEALTHY = 40;
  private static final int FAULTY = 12;

  @Test
  void recordingsAreWindowedJudgedAndLocalisedExactlyOnce() throws Exception {
    QuietKafkaLogs.apply();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ModelRouter router =
            ModelRouter.open(
                new Routes(
                    Optional.of(TestBundles.made()),
                    Map.of("press-7-vibration", TestBundles.signals())),
                new OnnxOptions(ExecutionProvider.CPU, 1, 1),
                64)) {
      KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
      Topics topics = new Topics("sensor.in", "sensor.scores", "sensor.alerts", "sensor.dlq");
      TopicAdmin.ensure(
          kafka.bootstrapServers(), topics.all(), 2, (short) 1, Map.of(), Duration.ofSeconds(30));
      List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
      for (int i = 0; i < HEALTHY; i++) {
        inputs.add(sensor(topics, "healthy-" + i, recording(100 + i, null, -1), "12000", "1"));
      }
      for (int i = 0; i < FAULTY; i++) {
        int at = i % 4;
        inputs.add(
            sensor(
                topics,
                "outer-race-" + at + "-" + i,
                recording(900 + i, Fault.OUTER_RACE, at),
                "12000",
                "1"));
      }
      float[][] tri = {
        recording(7, null, -1), recording(8, Fault.INNER_RACE, 2), recording(9, null, -1)
      };
      inputs.add(sensor(topics, "tri-axial", Recording.float32(tri), "12000", "3"));
      byte[] one = Recording.float32(new float[][] {recording(1, null, -1)});
      inputs.add(sensor(topics, "bad-rate", one, "48000", "1"));
      inputs.add(sensor(topics, "no-rate", one, null, "1"));
      inputs.add(sensor(topics, "ragged", new byte[1021], "12000", "1"));
      inputs.add(
          sensor(topics, "short", Recording.float32(new float[][] {new float[100]}), "12000", "1"));
      byte[] nan = one.clone();
      java.nio.ByteBuffer.wrap(nan)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .putFloat(4 * 17, Float.NaN);
      inputs.add(sensor(topics, "nan", nan, "12000", "1"));
      client.produce(inputs);
      ScoringPipeline pipeline =
          TestPipelines.pipeline(
              TestPipelines.exactlyOnce(kafka.bootstrapServers(), topics, "sensor", 64, Map.of()),
              router);
      pipeline.start();
      int judged = HEALTHY + FAULTY + 1;
      List<ConsumerRecord<byte[], byte[]>> scores;
      List<ConsumerRecord<byte[], byte[]>> dead;
      try {
        scores = client.readAtLeast(topics.scores(), true, judged, Duration.ofSeconds(120));
        dead = client.readAtLeast(topics.dlq(), true, 5, Duration.ofSeconds(60));
      } finally {
        assertThat(pipeline.stop(Duration.ofSeconds(10))).isTrue();
      }
      Map<String, JsonNode> byId = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : scores) {
        JsonNode json = json(r);
        assertThat(byId.put(json.get("image_id").asText(), json)).as("one record each").isNull();
      }
      assertThat(byId).hasSize(judged);
      int healthyFlagged = 0;
      for (JsonNode json : byId.values()) {
        String id = json.get("image_id").asText();
        assertThat(json.at("/model/id").asText()).isEqualTo("signals-wavenet-tiny");
        assertThat(json.get("score").isNumber()).as(id).isTrue();
        assertThat(Double.isFinite(json.get("score").asDouble())).isTrue();
        JsonNode signal = json.get("signal");
        assertThat(signal.get("sample_rate_hz").asDouble()).isEqualTo(12_000);
        assertThat(signal.get("window_samples").asInt()).isEqualTo(256);
        if (id.startsWith("healthy-")) {
          assertThat(signal.get("windows")).hasSize(4);
          healthyFlagged += json.get("anomaly").asBoolean() ? 1 : 0;
        } else if (id.startsWith("outer-race-")) {
          int at = Integer.parseInt(id.split("-")[2]);
          assertThat(json.get("anomaly").asBoolean()).as(id).isTrue();
          int start = signal.at("/hottest/start_sample").asInt();
          assertThat(start)
              .as("%s: hottest span in window %d", id, at)
              .isBetween(at * 256, at * 256 + 255);
          assertThat(signal.at("/hottest/start_seconds").asDouble()).isEqualTo(start / 12_000.0);
        } else {
          assertThat(id).isEqualTo("tri-axial");
          assertThat(signal.get("channels").asInt()).isEqualTo(3);
          assertThat(signal.get("windows")).hasSize(12);
          assertThat(signal.at("/hottest/channel").asInt()).isEqualTo(1);
          assertThat(signal.at("/trace/evidence")).hasSize(3);
        }
      }
      assertThat(healthyFlagged)
          .as("healthy recordings flagged at alpha 0.02")
          .isLessThanOrEqualTo(3);

      List<ConsumerRecord<byte[], byte[]>> alerts =
          client.readAtLeast(topics.alerts(), true, FAULTY, Duration.ofSeconds(30));
      for (ConsumerRecord<byte[], byte[]> a : alerts) {
        JsonNode json = json(a);
        assertThat(json.at("/signal/hottest/end_sample").asInt())
            .isGreaterThan(json.at("/signal/hottest/start_sample").asInt());
      }

      Map<String, String> reasons = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : dead) {
        reasons.put(
            header(r, ImageHeaders.IMAGE_ID),
            header(r, DeadLetters.ERROR_REASON) + ": " + header(r, DeadLetters.ERROR_MESSAGE));
      }
      assertThat(reasons).containsOnlyKeys("bad-rate", "no-rate", "ragged", "short", "nan");
      assertThat(reasons.get("bad-rate"))
          .contains("sample rate 48000 Hz, the model was trained at 12000 Hz");
      assertThat(reasons.get("no-rate")).contains("needs the header sample-rate");
      assertThat(reasons.get("ragged")).contains("1021 bytes are not whole samples");
      assertThat(reasons.get("short"))
          .contains("100 samples per channel, shorter than one window of 256");
      assertThat(reasons.get("nan")).contains("sample 17 of channel 0 is NaN");
    }
  }

  /**
   * Four 256-sample windows simulated alone and put back to back; the fault in window {@code at}.
   */
  private static float[] recording(long seed, Fault fault, int at) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[1024];
    for (int w = 0; w < 4; w++) {
      float[] part = WINDOW.simulate(random.split(), w == at ? fault : null, Severity.STRONG);
      System.arraycopy(part, 0, x, w * 256, 256);
    }
    return x;
  }

  private static ProducerRecord<byte[], byte[]> sensor(
      Topics topics, String id, float[] samples, String rate, String channels) {
    return sensor(topics, id, Recording.float32(new float[][] {samples}), rate, channels);
  }

  private static ProducerRecord<byte[], byte[]> sensor(
      Topics topics, String id, byte[] value, String rate, String channels) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    h.add(ImageHeaders.CONTENT_TYPE, Recording.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    if (rate != null) {
      h.add(ImageHeaders.SAMPLE_RATE, rate.getBytes(StandardCharsets.UTF_8));
    }
    h.add(ImageHeaders.SIGNAL_CHANNELS, channels.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topics.images(), null, "press-7-vibration".getBytes(StandardCharsets.UTF_8), value, h);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    try {
      return OutputJson.mapper().readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
