package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.Scorer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flowspect manifest} and {@code evaluate --write-default}: the fields decided after export,
 * on a tiny Glow and a background Glow trained on mutated 8x8 blobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestCommandTest {

  private Path dir;
  private Path model;
  private Path background;

  private int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  private Path idx(String name, byte[] pixels) {
    return TestIdx.writeImages(
        dir.resolve(name), new IdxImages(pixels.length / 64, 8, 8, pixels), true);
  }

  private void train(Path train, Path out, String... extra) {
    trainSized("8x8", train, out, extra);
  }

  private void trainSized(String size, Path train, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--family",
                "glow",
                "--data",
                train.toString(),
                "--out",
                out.toString(),
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
                "2"));
    args.addAll(List.of("--size", size));
    args.addAll(List.of(extra));
    StringWriter err = new StringWriter();
    assertThat(run(err, args.toArray(String[]::new))).as(err.toString()).isZero();
  }

  @BeforeAll
  void trainModelAndBackground(@TempDir Path tmp) {
    dir = tmp;
    Path train = idx("train-idx3-ubyte.gz", BlobImages.blobs(200, 4));
    model = dir.resolve("models/blobs");
    background = dir.resolve("models/blobs-bg");
    train(train, model);
    train(train, background, "--background-mutation", "0.2");
  }

  /** A fresh copy of the model bundle, so that tests do not see each other's edits. */
  private Path copyOfModel(String name) throws Exception {
    Path copy = dir.resolve("models/" + name);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(model)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return copy;
  }

  @Test
  void linksABackgroundSoThatLlrBecomesAvailable() throws Exception {
    Path m = copyOfModel("with-bg");
    try (Scorer before = Scorer.open(Bundle.open(m), OnnxOptions.cpu())) {
      assertThat(before.available()).doesNotContain(Score.LLR);
    }
    StringWriter err = new StringWriter();

    int code =
        run(
            err,
            "manifest",
            "--model",
            m.toString(),
            "--background",
            background.toString(),
            "--default-score",
            "fisher:complexity+llr");

    assertThat(code).as(err.toString()).isZero();
    Manifest manifest = Bundle.open(m).manifest();
    assertThat(manifest.background()).isEqualTo("../blobs-bg");
    assertThat(manifest.defaultScore()).isEqualTo("fisher:complexity+llr");
    assertThat(manifest.files()).isEqualTo(Bundle.open(model).manifest().files());
    try (Scorer after = Scorer.open(Bundle.open(m), OnnxOptions.cpu())) {
      assertThat(after.available()).contains(Score.LLR);
    }

    assertThat(run(err, "manifest", "--model", m.toString(), "--no-background")).isEqualTo(2);
    assertThat(err.toString()).contains("would have no background model").contains("needs llr");
    assertThat(Bundle.open(m).manifest().background()).isEqualTo("../blobs-bg");
  }

  @Test
  void refusesABackgroundWithAnotherInputAndAnUnknownScore() throws Exception {
    Path m = copyOfModel("refusals");
    Path other = dir.resolve("models/wide");
    trainSized("4x4", idx("wide-idx3-ubyte.gz", BlobImages.blobs(50, 5)), other);
    StringWriter err = new StringWriter();

    assertThat(run(err, "manifest", "--model", m.toString(), "--background", other.toString()))
        .isEqualTo(2);
    assertThat(run(err, "manifest", "--model", m.toString(), "--default-score", "sharpness"))
        .isEqualTo(2);

    assertThat(err.toString()).contains("--background " + other).contains("--default-score");
    assertThat(Bundle.open(m).manifest().background()).isNull();
    assertThat(Bundle.open(m).manifest().defaultScore()).isNull();
  }

  @Test
  void evaluateWritesTheCandidateWithTheBestMeanAuroc() throws Exception {
    Path m = copyOfModel("evaluated");
    Path normal = idx("normal-idx3-ubyte.gz", BlobImages.blobs(300, 11));
    Path noise = idx("noise-idx3-ubyte.gz", BlobImages.noise(60, 12));
    Path report = dir.resolve("report");
    StringWriter err = new StringWriter();

    int code =
        run(
            err,
            "evaluate",
            "--model",
            m.toString(),
            "--normal",
            normal.toString(),
            "--anomalous",
            "noise=" + noise,
            "--fpr",
            "0.05",
            "--samples",
            "4",
            "--report",
            report.toString(),
            "--write-default");

    assertThat(code).as(err.toString()).isZero();
    JsonNode metrics = Json.mapper().readTree(report.resolve("metrics.json").toFile());
    String best = null;
    double bestAuroc = -1;
    for (JsonNode c : metrics.get("candidates")) {
      double auroc = c.get("sets").get("noise").get("auroc").asDouble();
      if (auroc > bestAuroc) {
        bestAuroc = auroc;
        best = c.get("score").asText();
      }
    }
    assertThat(metrics.get("candidates").size()).isGreaterThan(3);
    assertThat(bestAuroc).isGreaterThan(0.99); // uniform noise is far from the blobs
    assertThat(Bundle.open(m).manifest().defaultScore()).isEqualTo(best);
  }

  /**
   * {@code flowspect export}: the graphs are written again from the checkpoint, the manifest keeps
   * its record and the fields set after export, and files outside the checksums stay.
   */
  /** Runs {@code flowspect export} on a bundle with one of the test models' checkpoints. */
  private int reExport(StringWriter err, Path bundle, String checkpoint) {
    return run(
        err,
        "export",
        "--model",
        bundle.toString(),
        "--checkpoint",
        dir.resolve("models").resolve(checkpoint).toString());
  }

  @Test
  void reExportFromTheCheckpointKeepsTheRecordAndTheCalibration() throws Exception {
    Path m = copyOfModel("re-export");
    StringWriter err = new StringWriter();
    assertThat(run(err, "manifest", "--model", m.toString(), "--default-score", "bpd"))
        .as(err.toString())
        .isZero();
    Manifest before = Bundle.open(m).manifest();
    Files.writeString(m.resolve("calibration.json"), "{\"kept\": true}");

    int code = reExport(err, m, "blobs.ckpt");

    assertThat(code).as(err.toString()).isZero();
    Manifest after = Bundle.open(m).manifest();
    assertThat(after.metrics()).isEqualTo(before.metrics());
    assertThat(after.training()).isEqualTo(before.training());
    assertThat(after.trainingFingerprint()).isEqualTo(before.trainingFingerprint());
    assertThat(after.defaultScore()).isEqualTo("bpd");
    assertThat(after.graphs()).isEqualTo(before.graphs());
    assertThat(after.files()).isEqualTo(before.files());
    assertThat(Files.readString(m.resolve("calibration.json"))).contains("kept");
  }

  @Test
  void reExportRefusesACheckpointThatIsNotTheBundles() throws Exception {
    Path m = copyOfModel("wrong-checkpoint");
    byte[] graph = Files.readAllBytes(m.resolve("model.onnx"));
    StringWriter err = new StringWriter();

    int code = reExport(err, m, "blobs-bg.ckpt");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("does not reproduce bundle", "nothing replaced");
    assertThat(Files.readAllBytes(m.resolve("model.onnx"))).isEqualTo(graph);
    assertThat(Bundle.open(m).manifest().id()).isEqualTo("blobs");
    try (Stream<Path> left = Files.list(m.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the staging folder is removed")
          .noneMatch(name -> name.startsWith(".export-"));
    }
  }
}
