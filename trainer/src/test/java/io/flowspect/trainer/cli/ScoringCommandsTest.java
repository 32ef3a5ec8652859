package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** calibrate, score and evaluate on a tiny Glow trained on 8x8 blobs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoringCommandsTest {

  private Path dir;
  private Path model;
  private Path train;

  private static byte[] blobs(int n, long seed) {
    return BlobImages.blobs(n, seed);
  }

  private static byte[] noise(int n, long seed) {
    return BlobImages.noise(n, seed);
  }

  private Path idx(String name, int n, byte[] pixels) {
    return TestIdx.writeImages(dir.resolve(name), new IdxImages(n, 8, 8, pixels), true);
  }

  private int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Runs a command with System.out captured into {@code out}. */
  private int run(StringWriter err, StringBuilder out, String... args) {
    java.io.PrintStream saved = System.out;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      return run(err, args);
    } finally {
      System.setOut(saved);
      out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @BeforeAll
  void trainTinyGlow(@TempDir Path tmp) {
    dir = tmp;
    train = idx("train-idx3-ubyte.gz", 200, blobs(200, 4));
    model = dir.resolve("models/blobs");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "train",
            "--family",
            "glow",
            "--data",
            train.toString(),
            "--out",
            model.toString(),
            "--size",
            "8x8",
            "--levels",
            "1",
            "--steps",
            "2",
            "--hidden",
            "8",
            "--batch",
            "16",
            "--lr",
            "5e-3",
            "--warmup",
            "5",
            "--epochs",
            "2");
    assertThat(code).as(err.toString()).isZero();
  }

  @Test
  void calibratesOnHeldOutNormalImagesAndRefusesTheTrainingData() throws Exception {
    Path normal = idx("normal-idx3-ubyte.gz", 300, blobs(300, 7));
    Path anomalous = idx("noise-idx3-ubyte.gz", 40, noise(40, 8));
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--anomalous",
                anomalous.toString(),
                "--score",
                "bpd",
                "--maps",
                "off",
                "--fpr",
                "0.05"))
        .as(err.toString())
        .isZero();
    Calibration c = CalibrationFile.read(Bundle.open(model)).orElseThrow();
    assertThat(c.maps()).isNull();
    assertThat(c.score()).isEqualTo("bpd");
    assertThat(c.n()).isEqualTo(300);
    assertThat(c.alpha()).isEqualTo(0.05);
    // ceil(301 * 0.95) = 286th smallest of the 300 normal bpd values
    assertThat(c.threshold()).isEqualTo(c.references().get("bpd").sorted()[285]);
    assertThat(c.labelled().nAnomalous()).isEqualTo(40);
    assertThat(c.labelled().auroc()).isGreaterThan(0.99); // uniform noise is far from blobs

    StringWriter refused = new StringWriter();
    assertThat(run(refused, "calibrate", "--model", model.toString(), "--normal", train.toString()))
        .isEqualTo(2);
    assertThat(refused.toString())
        .contains("is the bundle's training data")
        .contains(train.toString());
  }

  @Test
  void scoresAFolderAndReportsEachBadFileWithItsOwnError() throws Exception {
    Path normal = idx("cal-idx3-ubyte.gz", 200, blobs(200, 9));
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--score",
                "bpd",
                "--maps",
                "off",
                "--fpr",
                "0.05"))
        .as(err.toString())
        .isZero();
    Path folder = dir.resolve("incoming");
    Files.createDirectories(folder);
    byte[] good = blobs(5, 10);
    for (int i = 0; i < 5; i++) {
      byte[] px = java.util.Arrays.copyOfRange(good, i * 64, i * 64 + 64);
      Files.write(
          folder.resolve("good-" + i + ".png"),
          TestImages.encode(new RasterImage(8, 8, 1, px), "png"));
    }
    Files.write(
        folder.resolve("noise.png"),
        TestImages.encode(new RasterImage(8, 8, 1, noise(1, 3)), "png"));
    Files.write(folder.resolve("empty.png"), new byte[0]);
    byte[] png =
        TestImages.encode(new RasterImage(8, 8, 1, java.util.Arrays.copyOf(good, 64)), "png");
    Files.write(folder.resolve("truncated.png"), java.util.Arrays.copyOf(png, png.length / 2));
    Files.write(folder.resolve("bomb.png"), TestImages.pngDeclaring(20000, 20000));
    Path out = dir.resolve("scores.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                folder.toString(),
                "--output",
                out.toString()))
        .as(err.toString())
        .isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(9);
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : lines) {
      JsonNode node = Json.mapper().readTree(line);
      byId.put(node.get("id").asText(), node);
    }
    for (int i = 0; i < 5; i++) {
      JsonNode g = byId.get("good-" + i + ".png");
      assertThat(g.get("score_name").asText()).isEqualTo("bpd");
      assertThat(g.get("score").asDouble()).isEqualTo(g.get("scores").get("bpd").asDouble());
      assertThat(g.get("p_value").asDouble()).isBetween(0.0, 1.0);
      assertThat(g.get("scores").has("complexity")).isTrue();
    }
    JsonNode n = byId.get("noise.png");
    assertThat(n.get("anomaly").asBoolean()).isTrue();
    assertThat(n.get("p_value").asDouble()).isEqualTo(1.0 / 201);
    String empty = byId.get("empty.png").get("error").asText();
    String truncated = byId.get("truncated.png").get("error").asText();
    String bomb = byId.get("bomb.png").get("error").asText();
    assertThat(empty).containsIgnoringCase("empty");
    assertThat(truncated).containsIgnoringCase("truncated");
    assertThat(bomb).contains("20000").containsIgnoringCase("pixels");
    assertThat(java.util.Set.of(empty, truncated, bomb)).hasSize(3);
  }

  @Test
  void calibratesScoresAndEvaluatesWithTheFlowsLatentEnergyMaps() throws Exception {
    Path normal = idx("energy-normal-idx3-ubyte.gz", 400, blobs(400, 21));
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--score",
                "fisher:bpd+local",
                "--maps",
                "flow_energy",
                "--window",
                "3",
                "--fpr",
                "0.05"))
        .as(err.toString())
        .isZero();
    Calibration c = CalibrationFile.read(Bundle.open(model)).orElseThrow();
    assertThat(c.maps().map()).isEqualTo("flow_energy");
    assertThat(c.maps().window()).isEqualTo(3);
    // A quarter of the normal images fit the map statistics, the rest calibrate.
    assertThat(c.maps().n()).isEqualTo(100);
    assertThat(c.n()).isEqualTo(300);
    assertThat(c.references()).containsKey("local");

    // score: lines carry the hottest window of the flow_energy map.
    Path noisy = idx("energy-noise-idx3-ubyte.gz", 5, noise(5, 22));
    Path scores = dir.resolve("energy-scores.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                noisy.toString(),
                "--output",
                scores.toString()))
        .as(err.toString())
        .isZero();
    for (String line : Files.readAllLines(scores)) {
      JsonNode node = Json.mapper().readTree(line);
      assertThat(node.get("score_name").asText()).isEqualTo("fisher:bpd+local");
      JsonNode location = node.get("location");
      assertThat(location.get("x1").asInt() - location.get("x0").asInt()).isBetween(3, 8);
      assertThat(location.get("p_value").asDouble()).isBetween(0.0, 1.0);
      assertThat(location.get("evidence").asText())
          .as("a flow has no signed residuals: a costly pixel or window")
          .isIn("pixel", "window");
    }

    // evaluate: local candidates and the localisation table, from the same map.
    Path report = dir.resolve("energy-report");
    StringBuilder out = new StringBuilder();
    assertThat(
            run(
                err,
                out,
                "evaluate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--defects",
                "--maps",
                "flow_energy",
                "--window",
                "3",
                "--standardise",
                "position",
                "--candidates",
                "bpd,local,fisher:bpd+local",
                "--fpr",
                "0.05",
                "--samples",
                "4",
                "--report",
                report.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("localisation (boxes of images flagged by local)");
    JsonNode metrics = Json.mapper().readTree(report.resolve("metrics.json").toFile());
    assertThat(metrics.at("/maps/map").asText()).isEqualTo("flow_energy");
    assertThat(metrics.at("/maps/n").asInt()).isEqualTo(50);
    assertThat(metrics.at("/maps/standardise").asText()).isEqualTo("position");
    // Each defect set is also split by severity; the groups partition the set.
    assertThat(out.toString()).contains("AUROC by severity (subtle / moderate / strong)");
    JsonNode groups = metrics.at("/candidates/1/sets/defect:hole/groups");
    assertThat(groups.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("subtle", "moderate", "strong");
    int grouped = 0;
    for (JsonNode g : groups) {
      assertThat(g.get("auroc").asDouble()).isBetween(0.0, 1.0);
      grouped += g.get("n").asInt();
    }
    assertThat(grouped).isEqualTo(metrics.at("/anomalous_sets/defect:hole").asInt());
    JsonNode hole = metrics.at("/maps/localisation/defect:hole");
    assertThat(hole.get("pixel_auroc").asDouble()).isBetween(0.0, 1.0);
    List<String> candidates = new java.util.ArrayList<>();
    metrics.get("candidates").forEach(n -> candidates.add(n.get("score").asText()));
    assertThat(candidates).containsExactly("bpd", "local", "fisher:bpd+local");
  }

  @Test
  void evaluatesWithAHeldOutFalsePositiveRateAndWritesAReport() throws Exception {
    Path normal = idx("eval-normal-idx3-ubyte.gz", 400, blobs(400, 11));
    Path noise = idx("eval-noise-idx3-ubyte.gz", 100, noise(100, 12));
    Path report = dir.resolve("report");
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "evaluate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--anomalous",
                "noise=" + noise,
                "--defects",
                "--fpr",
                "0.05",
                "--samples",
                "4",
                "--report",
                report.toString()))
        .as(err.toString())
        .isZero();
    JsonNode metrics = Json.mapper().readTree(report.resolve("metrics.json").toFile());
    assertThat(metrics.get("n_calibration").asInt()).isEqualTo(200);
    assertThat(metrics.get("n_normal").asInt()).isEqualTo(200);
    assertThat(metrics.get("anomalous_sets").get("noise").asInt()).isEqualTo(100);
    assertThat(metrics.get("anomalous_sets").has("defect:scratch")).isTrue();
    JsonNode bpd = null;
    for (JsonNode c : metrics.get("candidates")) {
      if (c.get("score").asText().equals("bpd")) {
        bpd = c;
      }
    }
    assertThat(bpd).isNotNull();
    assertThat(bpd.get("sets").get("noise").get("auroc").asDouble()).isGreaterThan(0.99);
    assertThat(bpd.get("realized_fpr").asDouble()).isBetween(0.0, 0.15);
    // 200 calibrate, 200 judged at alpha 0.05: chance alone puts the reading in about 2%-9%.
    assertThat(bpd.get("expected_fpr").get("low").asDouble()).isBetween(0.015, 0.03);
    assertThat(bpd.get("expected_fpr").get("high").asDouble()).isBetween(0.08, 0.10);
    assertThat(bpd.get("resplit_fpr").get("splits").asInt()).isEqualTo(20);
    assertThat(bpd.get("resplit_fpr").get("mean").asDouble()).isBetween(0.02, 0.09);
    String html = Files.readString(report.resolve("report.html"));
    assertThat(html)
        .contains("noise")
        .contains("roc-noise.png")
        .contains("samples.png")
        .contains("False positives at alpha 0.05");
    assertThat(report.resolve("roc-noise.png")).exists();
    assertThat(report.resolve("hist-bpd-noise.png")).exists();
  }

  /**
   * {@code --baselines}: independent pixels, PPCA and an FVSBN fitted on the bundle's own training
   * images (from its manifest), judged on the same held-out normal half and anomalous set.
   */
  @Test
  void evaluatesBaselinesOnTheSameSplits() throws Exception {
    Path normal = idx("baseline-normal-idx3-ubyte.gz", 200, blobs(200, 21));
    Path noise = idx("baseline-noise-idx3-ubyte.gz", 60, noise(60, 22));
    Path report = dir.resolve("baseline-report");
    StringWriter err = new StringWriter();
    StringBuilder out = new StringBuilder();
    assertThat(
            run(
                err,
                out,
                "evaluate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--anomalous",
                "noise=" + noise,
                "--baselines",
                "--baseline-epochs",
                "10",
                "--samples",
                "0",
                "--report",
                report.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("baselines (AUROC of bits/dim, then of complexity)");
    JsonNode baselines =
        Json.mapper().readTree(report.resolve("metrics.json").toFile()).get("baselines");
    List<String> ids = new java.util.ArrayList<>();
    for (JsonNode b : baselines) {
      ids.add(b.get("density").asText());
      assertThat(b.get("normal_bpd").asDouble()).as(b.toString()).isBetween(0.5, 9.0);
      assertThat(b.at("/sets/noise/auroc_bpd").asDouble())
          .as("%s finds uniform noise unlikely beside blobs", b.get("density"))
          .isGreaterThan(0.99);
      assertThat(b.at("/sets/noise/auroc_complexity").asDouble()).isBetween(0.0, 1.0);
    }
    assertThat(ids).containsExactly("independent", "ppca", "fvsbn");
    assertThat(Files.readString(report.resolve("report.html"))).contains("baselines");
  }
}
