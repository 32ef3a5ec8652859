package io.flowspect.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import io.flowspect.service.support.TestBundles;
import io.flowspect.service.support.TestImages;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The rest of the zoo (FVSBN, NADE, RNADE, MintNet, PixelRNN, the Gaussianization flow, the
 * diffusion model) served like every other family: one line per family on a real broker, exactly
 * one score record per image, every score finite, and noise judged less likely than the garments
 * each model was trained on.
 */
class FamilyZooOnKafkaTest {

  private static final int GARMENTS = 24;
  private static final int NOISE = 8;

  @Test
  void eachFamilyScoresItsLineExactlyOnceWithFiniteScores() throws Exception {
    assertThat(TestImages.available())
        .as("Fashion-MNIST test images: install dataset-fashion-mnist, as .ci/run does")
        .isTrue();
    QuietKafkaLogs.apply();
    Map<String, java.nio.file.Path> bundles = TestBundles.zoo();
    Map<String, java.nio.file.Path> lines = new HashMap<>();
    bundles.forEach((family, bundle) -> lines.put("line-" + family, bundle));
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ModelRouter router =
            ModelRouter.open(
                new Routes(Optional.of(TestBundles.made()), lines),
                new OnnxOptions(ExecutionProvider.CPU, 1, 1),
                64)) {
      KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
      Topics topics =
          new Topics("visible.images", "visible.scores", "visible.alerts", "visible.dlq");
      TopicAdmin.ensure(
          kafka.bootstrapServers(), topics.all(), 2, (short) 1, Map.of(), Duration.ofSeconds(30));
      List<byte[]> garments = TestImages.fashionMnistPngs(7000, GARMENTS);
      List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
      for (String family : bundles.keySet()) {
        for (int i = 0; i < GARMENTS; i++) {
          inputs.add(input(topics.images(), family, family + "-garment-" + i, garments.get(i)));
        }
        for (int i = 0; i < NOISE; i++) {
          inputs.add(input(topics.images(), family, family + "-noise-" + i, TestImages.noise(i)));
        }
      }
      client.produce(inputs);
      ScoringPipeline pipeline =
          TestPipelines.pipeline(
              TestPipelines.exactlyOnce(kafka.bootstrapServers(), topics, "visible", 64, Map.of()),
              router);
      pipeline.start();
      List<ConsumerRecord<byte[], byte[]>> records;
      try {
        records = client.readAtLeast(topics.scores(), true, inputs.size(), Duration.ofSeconds(120));
      } finally {
        assertThat(pipeline.stop(Duration.ofSeconds(10))).isTrue();
      }
      Map<String, JsonNode> byId = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        JsonNode json = json(r);
        assertThat(byId.put(json.get("image_id").asText(), json))
            .as("one record per image: %s", json.get("image_id"))
            .isNull();
      }
      assertThat(byId).hasSize(inputs.size());
      for (String family : bundles.keySet()) {
        double worstGarment = Double.NEGATIVE_INFINITY;
        double bestNoise = Double.POSITIVE_INFINITY;
        for (JsonNode json : byId.values()) {
          String id = json.get("image_id").asText();
          if (!id.startsWith(family + "-")) {
            continue;
          }
          assertThat(json.at("/model/family").asText()).isEqualTo(family);
          assertThat(json.at("/model/id").asText()).isEqualTo("fmnist-" + family + "-tiny");
          json.get("scores")
              .fields()
              .forEachRemaining(
                  e ->
                      assertThat(
                              e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble()))
                          .as("%s %s is a finite number: %s", id, e.getKey(), e.getValue())
                          .isTrue());
          assertThat(json.get("p_value").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
          double bpd = json.at("/scores/bpd").asDouble();
          if (id.contains("-noise-")) {
            bestNoise = Math.min(bestNoise, bpd);
          } else {
            worstGarment = Math.max(worstGarment, bpd);
          }
        }
        assertThat(bestNoise)
            .as("%s: every noise image has more bits/dim than every garment", family)
            .isGreaterThan(worstGarment);
      }
    }
  }

  private static ProducerRecord<byte[], byte[]> input(
      String topic, String family, String id, byte[] png) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    h.add(ImageHeaders.CONTENT_TYPE, "image/png".getBytes(StandardCharsets.UTF_8));
    byte[] line = ("line-" + family).getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, line, png, h);
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    try {
      return OutputJson.mapper().readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
