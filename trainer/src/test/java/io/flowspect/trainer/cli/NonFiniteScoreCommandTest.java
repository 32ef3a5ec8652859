package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.detect.BluntFrames;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.TestImages;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.NonFinite;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flowspect score} on frames the reference MAF cannot score as finite numbers: every line
 * carries finite numbers, and exactly the frames core names non-finite say {@code "reason":
 * "non_finite"} and are anomalous.
 */
class NonFiniteScoreCommandTest {

  private static final Path MAF = Path.of("..", "models", "fmnist-maf");

  @Test
  void everyLineIsFiniteAndNonFiniteFramesAreAnomalous(@TempDir Path dir) throws Exception {
    Map<String, byte[]> frames = BluntFrames.all(new byte[BluntFrames.SIDE * BluntFrames.SIDE]);
    Path folder = Files.createDirectories(dir.resolve("frames"));
    for (Map.Entry<String, byte[]> f : frames.entrySet()) {
      RasterImage image = new RasterImage(BluntFrames.SIDE, BluntFrames.SIDE, 1, f.getValue());
      Files.write(folder.resolve(f.getKey() + ".png"), TestImages.encode(image, "png"));
    }
    Set<String> expected = new HashSet<>();
    List<String> names = new ArrayList<>(frames.keySet());
    try (Detector detector = Detector.open(Bundle.open(MAF), OnnxOptions.cpu())) {
      Verdicts verdicts = detector.judge(new ArrayList<>(frames.values()));
      for (int i = 0; i < names.size(); i++) {
        if (NonFinite.REASON.equals(verdicts.reason(i))) {
          expected.add(names.get(i) + ".png");
        }
      }
    }
    assertThat(expected).isNotEmpty();

    Path out = dir.resolve("scores.jsonl");
    StringWriter err = new StringWriter();
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "score",
            "--model",
            MAF.toString(),
            "--input",
            folder.toString(),
            "--output",
            out.toString());
    assertThat(code).as(err.toString()).isZero();

    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(frames.size());
    Set<String> nonFinite = new HashSet<>();
    for (String line : lines) {
      JsonNode node = Json.mapper().readTree(line);
      String id = node.get("id").asText();
      assertThat(node.get("score").isNumber()).as(id + " score").isTrue();
      assertThat(node.get("p_value").isNumber()).as(id + " p_value").isTrue();
      node.get("scores")
          .fields()
          .forEachRemaining(
              e -> assertThat(e.getValue().isNumber()).as(id + " " + e.getKey()).isTrue());
      if (NonFinite.REASON.equals(node.path("reason").asText(null))) {
        nonFinite.add(id);
        assertThat(node.get("anomaly").asBoolean()).as(id + " anomalous").isTrue();
      }
    }
    assertThat(nonFinite).isEqualTo(expected);
  }
}
