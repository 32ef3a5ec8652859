package io.flowspect.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.local.DefectMask;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.TestBundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A line of camera frames on Kafka: a model trained on patches and calibrated for frames scores
 * each whole frame, its records carry the frame score and the defect regions, and its alerts a
 * frame heatmap; an image of another size is scored as before, resized to the model input.
 */
class BatchScorerFramesTest {

  private static final Path FRAMES =
      Path.of("..", "core", "src", "test", "resources", "frames-tiny", "grid", "test");

  private static ModelRouter router;
  private static BatchScorer scorer;
  private long offset;

  @BeforeAll
  static void open() {
    router =
        ModelRouter.open(
            new Routes(Optional.of(TestBundles.frames()), Map.of()),
            new OnnxOptions(ExecutionProvider.CPU, 1, 1),
            64);
    scorer =
        new BatchScorer(
            Topics.defaults(),
            new ImageIntake(ImageLimits.defaults()),
            router,
            ExplainOptions.defaults(),
            1_000_000,
            Clock.systemUTC());
  }

  @AfterAll
  static void close() {
    router.close();
  }

  private ConsumerRecord<byte[], byte[]> record(Path png) throws IOException {
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>(
            Topics.IMAGES,
            0,
            offset++,
            "frames".getBytes(StandardCharsets.UTF_8),
            Files.readAllBytes(png));
    r.headers()
        .add(ImageHeaders.IMAGE_ID, png.toString().getBytes(StandardCharsets.UTF_8))
        .add(ImageHeaders.CONTENT_TYPE, "image/png".getBytes(StandardCharsets.UTF_8));
    return r;
  }

  @Test
  void framesAreScoredWholeWithTheirRegions() throws IOException {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    for (String kind : List.of("good", "hole", "cut", "stain")) {
      batch.add(record(FRAMES.resolve(kind).resolve("000.png")));
      batch.add(record(FRAMES.resolve(kind).resolve("001.png")));
    }
    ScoredBatch scored = scorer.score(batch, System.nanoTime());
    assertThat(scored.deadLetters()).isEmpty();
    assertThat(scored.scores()).hasSize(8);
    int withRegions = 0;
    for (ProducerRecord<byte[], byte[]> out : scored.outputs()) {
      JsonNode json = OutputJson.mapper().readTree(out.value());
      assertThat(json.get("score_name").asText()).isEqualTo("frame");
      assertThat(json.get("score").isNumber()).isTrue();
      // 8 held-out calibration frames: p-values from 1 / 9 to 1.
      assertThat(json.get("p_value").asDouble()).isBetween(1.0 / 9, 1.0);
      assertThat(json.get("threshold").isNumber()).isTrue();
      if (json.has("regions")) {
        withRegions++;
        JsonNode r = json.get("regions").get(0);
        assertThat(r.at("/box/x1").asInt()).isGreaterThan(r.at("/box/x0").asInt());
        assertThat(r.get("area").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(r.get("p_value").asDouble()).isBetween(1.0 / 9, 1.0);
        // The mask's run-length code holds exactly the regions' pixels, inside their boxes.
        JsonNode mask = json.get("mask");
        int[] counts = OutputJson.mapper().convertValue(mask.get("counts"), int[].class);
        boolean[] pixels = new DefectMask(64, 64, counts).decode();
        int area = 0;
        for (JsonNode region : json.get("regions")) {
          area += region.get("area").asInt();
        }
        int inMask = 0;
        for (int p = 0; p < pixels.length; p++) {
          if (pixels[p]) {
            inMask++;
            int x = p % 64;
            int y = p / 64;
            boolean inABox = false;
            for (JsonNode region : json.get("regions")) {
              JsonNode b = region.get("box");
              inABox |=
                  x >= b.get("x0").asInt()
                      && x < b.get("x1").asInt()
                      && y >= b.get("y0").asInt()
                      && y < b.get("y1").asInt();
            }
            assertThat(inABox).as("mask pixel (%d, %d) lies in a region's box", x, y).isTrue();
          }
        }
        assertThat(inMask).isEqualTo(area);
        assertThat(mask.get("width").asInt()).isEqualTo(64);
      }
      if (out.topic().equals(Topics.defaults().alerts())) {
        assertThat(json.at("/explanation/method").asText()).isEqualTo("frame_flow_energy");
        assertThat(json.at("/explanation/width").asInt()).isEqualTo(64);
        assertThat(json.at("/explanation/heatmap_png").asText()).isNotEmpty();
      }
    }
    assertThat(withRegions).as("painted holes, cuts and stains give regions").isGreaterThan(0);
    assertThat(scored.alerts()).as("frames above the threshold alert").isNotEmpty();
  }

  @Test
  void anImageOfAnotherSizeIsScoredAsBeforeWithoutRegions() throws IOException {
    // A 16 x 16 image is the model's own input: scored whole by the patch model, no regions.
    Path small = Files.createTempFile("small", ".png");
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    javax.imageio.ImageIO.write(img, "png", small.toFile());
    ScoredBatch scored = scorer.score(List.of(record(small)), System.nanoTime());
    assertThat(scored.scores()).hasSize(1);
    assertThat(scored.scores().get(0).judgement().scoreName()).isNotEqualTo("frame");
    assertThat(scored.scores().get(0).judgement().regions()).isEmpty();
    Files.delete(small);
  }
}
