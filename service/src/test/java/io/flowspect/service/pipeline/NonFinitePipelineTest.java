package io.flowspect.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.detect.BluntFrames;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.NonFinite;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import io.flowspect.service.support.TestImages;
import io.flowspect.service.support.TestPipelines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Frames the reference MAF cannot score as finite numbers (an all-white frame, checkerboards,
 * stripes, noise) through the exactly-once pipeline on a real broker: every score record carries
 * finite numbers, those frames come out anomalous with reason {@code non_finite} and an alert each,
 * exactly the frames core's detector names non-finite.
 */
class NonFinitePipelineTest {

  private static final Path MAF = Path.of("..", "models", "fmnist-maf");

  @Test
  void framesTheModelCannotScoreAreAlertedWithFiniteScores() throws Exception {
    Map<String, byte[]> frames = BluntFrames.all(new byte[BluntFrames.SIDE * BluntFrames.SIDE]);
    List<String> names = new ArrayList<>(frames.keySet());
    Set<String> expectedNonFinite = new HashSet<>();
    try (Detector detector = Detector.open(Bundle.open(MAF), OnnxOptions.cpu())) {
      Verdicts verdicts = detector.judge(new ArrayList<>(frames.values()));
      for (int i = 0; i < names.size(); i++) {
        if (NonFinite.REASON.equals(verdicts.reason(i))) {
          expectedNonFinite.add(names.get(i));
        }
      }
    }
    assertThat(expectedNonFinite).as("frames the MAF cannot score").isNotEmpty();

    QuietKafkaLogs.apply();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ModelRouter router =
            ModelRouter.open(
                new Routes(Optional.of(MAF), Map.of()),
                new OnnxOptions(ExecutionProvider.CPU, 1, 1),
                64)) {
      Topics topics = new Topics("nf.images", "nf.scores", "nf.alerts", "nf.dlq");
      TopicAdmin.ensure(
          kafka.bootstrapServers(), topics.all(), 2, (short) 1, Map.of(), Duration.ofSeconds(30));
      KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
      List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
      frames.forEach(
          (name, chw) ->
              inputs.add(
                  input(
                      topics.images(),
                      name,
                      TestImages.grayPng(chw, BluntFrames.SIDE, BluntFrames.SIDE))));
      client.produce(inputs);

      ScoringPipeline pipeline =
          TestPipelines.pipeline(
              TestPipelines.exactlyOnce(kafka.bootstrapServers(), topics, "nf", 64, Map.of()),
              router,
              new ImageIntake(ImageLimits.defaults()));
      pipeline.start();
      List<ConsumerRecord<byte[], byte[]>> scores;
      List<ConsumerRecord<byte[], byte[]>> alerts;
      try {
        scores = client.readAtLeast(topics.scores(), true, frames.size(), Duration.ofSeconds(90));
        alerts =
            client.readAtLeast(
                topics.alerts(), true, expectedNonFinite.size(), Duration.ofSeconds(30));
      } finally {
        assertThat(pipeline.stop(Duration.ofSeconds(10))).isTrue();
      }

      assertThat(scores).hasSize(frames.size());
      Map<String, JsonNode> byId = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : scores) {
        JsonNode score = json(r);
        byId.put(score.get("image_id").asText(), score);
        String id = score.get("image_id").asText();
        assertThat(score.get("score").isNumber()).as(id + " score").isTrue();
        assertThat(score.get("p_value").isNumber()).as(id + " p_value").isTrue();
        score
            .get("scores")
            .fields()
            .forEachRemaining(
                e -> assertThat(e.getValue().isNumber()).as(id + " " + e.getKey()).isTrue());
      }
      Set<String> nonFinite = new HashSet<>();
      byId.forEach(
          (id, score) -> {
            if (NonFinite.REASON.equals(score.path("reason").asText(null))) {
              nonFinite.add(id);
              assertThat(score.get("anomaly").asBoolean()).as(id + " anomalous").isTrue();
            }
          });
      assertThat(nonFinite).isEqualTo(expectedNonFinite);
      Set<String> alerted = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> r : alerts) {
        JsonNode alert = json(r);
        if (NonFinite.REASON.equals(alert.path("reason").asText(null))) {
          alerted.add(alert.get("image_id").asText());
          assertThat(alert.get("score").isNumber()).isTrue();
        }
      }
      assertThat(alerted).isEqualTo(expectedNonFinite);
    }
  }

  private static ProducerRecord<byte[], byte[]> input(String topic, String id, byte[] png) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    h.add(ImageHeaders.CONTENT_TYPE, "image/png".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, null, "line-a".getBytes(StandardCharsets.UTF_8), png, h);
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    try {
      return OutputJson.mapper().readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
