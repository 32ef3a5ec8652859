package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowspect.core.data.MvtecCategory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Frames end to end on the committed MVTec-layout fixture (the benchmark's grid surface, 64 x 64):
 * {@code frames} writes a category, {@code train --patch} trains on its patches and records the
 * frames it held out, {@code evaluate --data} judges the test frames at full resolution.
 */
class FrameCommandsTest {

  static final Path FIXTURE =
      Path.of("..", "core", "src", "test", "resources", "frames-tiny", "grid");

  @TempDir Path dir;

  @Test
  void framesWritesAnMvtecCategoryWithMasksAndADeclaration() {
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            new StringBuilder(),
            "frames",
            "--out",
            dir.toString(),
            "--surfaces",
            "leather",
            "--size",
            "32",
            "--train",
            "3",
            "--test-good",
            "2",
            "--per-defect",
            "1");
    assertThat(code).as(err.toString()).isZero();
    MvtecCategory c = MvtecCategory.open(dir.resolve("leather"));
    assertThat(c.trainGood()).hasSize(3);
    assertThat(c.testGood()).hasSize(2);
    assertThat(c.defects()).hasSize(9).allSatisfy((k, v) -> assertThat(v).hasSize(1));
    assertThat(c.hasMasks()).isTrue();
    assertThat(c.declaration().augmentations()).containsExactly("flip", "rot90");
    assertThat(run(err, new StringBuilder(), "frames", "--out", dir.toString(), "--surfaces", "x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown surface 'x'; known: fabric, metal, wood");
  }

  @Test
  void trainOnPatchesThenEvaluateTheCategorysTestFrames() throws Exception {
    Path model = dir.resolve("grid-glow");
    StringWriter err = new StringWriter();
    int trained =
        run(
            err,
            new StringBuilder(),
            "train",
            "--hidden",
            "16",
            "--levels",
            "2",
            "--steps",
            "2",
            "--data",
            FIXTURE.toString(),
            "--patch",
            "16x16",
            "--channels",
            "3",
            "--patches-per-frame",
            "8",
            "--validation",
            "0.34",
            "--epochs",
            "2",
            "--batch",
            "16",
            "--out",
            model.toString());
    assertThat(trained).as(err.toString()).isZero();
    // No --family with --patch: the reference frames bundles' family, with the settings given.
    assertThat(err.toString())
        .contains("no --family: training glow with {hidden=16, levels=2, steps=2}");
    JsonNode frames =
        new ObjectMapper().readTree(model.resolve("manifest.json").toFile()).at("/training/frames");
    assertThat(frames.get("held_out_frames")).hasSize(8);
    assertThat(frames.get("patch").toString()).isEqualTo("[16,16]");
    assertThat(frames.get("frame_sizes").get(0).asText()).isEqualTo("64x64");
    assertThat(frames.get("augmentations").toString()).isEqualTo("[\"flip\",\"rot90\"]");

    Path report = dir.resolve("report");
    StringBuilder out = new StringBuilder();
    int evaluated =
        run(
            err,
            out,
            "evaluate",
            "--model",
            model.toString(),
            "--data",
            FIXTURE.toString(),
            "--report",
            report.toString());
    assertThat(evaluated).as(err.toString()).isZero();
    assertThat(out.toString()).contains("image AUROC pixel AUROC    AUPRO").contains("flow_energy");
    JsonNode m = new ObjectMapper().readTree(report.resolve("metrics.json").toFile()).at("/frames");
    assertThat(m.get("map").asText()).isEqualTo("flow_energy");
    assertThat(m.get("kinds")).hasSize(9);
    for (JsonNode kind : m.get("kinds")) {
      assertThat(kind.get("image_auroc").asDouble()).isBetween(0.0, 1.0);
      assertThat(kind.get("pixel_auroc").asDouble()).isBetween(0.0, 1.0);
      assertThat(kind.get("aupro").asDouble()).isBetween(0.0, 1.0);
      assertThat(kind.get("frames").asInt()).isEqualTo(2);
      // 0, 0.5 or 1: the share of the kind's 2 frames above the frame threshold.
      assertThat(kind.get("flagged_at_alpha").asDouble()).isIn(0.0, 0.5, 1.0);
    }
    // A model trained for seconds tests the plumbing; detection is FrameDetectorTest's, on the
    // reference fabric bundle (and the figures in docs/frames.md).
    assertThat(m.at("/overall/pixel_auroc").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.at("/overall/frames").asInt()).isEqualTo(18);
    assertThat(m.get("good_test_frames").asInt()).isEqualTo(6);
    // The reference from 8 of the 16 frames trained on, the decision's parts from the other 8,
    // every one of the 8 held out for the thresholds.
    assertThat(m.get("reference_frames").asInt()).isEqualTo(8);
    assertThat(m.get("decision_frames").asInt()).isEqualTo(8);
    assertThat(m.get("calibration_frames").asInt()).isEqualTo(8);
    assertThat(Files.list(report.resolve("overlays")).count()).isEqualTo(18);

    // calibrate (reference from trained frames, thresholds from the held-out ones), then score
    // whole frames with their regions.
    int calibrated =
        run(
            err,
            new StringBuilder(),
            "calibrate",
            "--model",
            model.toString(),
            "--normal",
            FIXTURE.toString(),
            "--fpr",
            "0.2");
    assertThat(calibrated).as(err.toString()).isZero();
    JsonNode calibration =
        new ObjectMapper().readTree(model.resolve("frame_calibration.json").toFile());
    assertThat(calibration.get("map").asText()).isEqualTo("flow_energy");
    assertThat(calibration.get("stride").asInt()).isEqualTo(8);
    assertThat(calibration.get("reference_frames").asInt()).isEqualTo(8);
    assertThat(calibration.get("decision_frames").asInt()).isEqualTo(8);
    assertThat(calibration.at("/decision/likelihood/n").asInt()).isEqualTo(8);
    assertThat(calibration.at("/frame_peaks/n").asInt()).isEqualTo(8);
    assertThat(calibration.get("threshold").asDouble()).isFinite();

    // --extra-normal: good frames the model never saw join the held-out ones for the thresholds;
    // the folder it trained on is refused.
    assertThat(
            run(
                err,
                new StringBuilder(),
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                FIXTURE.toString(),
                "--extra-normal",
                FIXTURE.resolve("test").resolve("good").toString(),
                "--fpr",
                "0.2"))
        .as(err.toString())
        .isZero();
    assertThat(
            new ObjectMapper()
                .readTree(model.resolve("frame_calibration.json").toFile())
                .at("/frame_peaks/n")
                .asInt())
        .isEqualTo(8 + 6);
    StringWriter sameFolder = new StringWriter();
    assertThat(
            run(
                sameFolder,
                new StringBuilder(),
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                FIXTURE.toString(),
                "--extra-normal",
                FIXTURE.resolve("train").resolve("good").toString()))
        .isEqualTo(2);
    assertThat(sameFolder.toString())
        .contains("is the folder bundle grid-glow trained on: its frames would set the thresholds");
    // Back to the held-out frames alone, for the p-values below.
    assertThat(
            run(
                err,
                new StringBuilder(),
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                FIXTURE.toString(),
                "--fpr",
                "0.2"))
        .isZero();
    Path lines = dir.resolve("hole.jsonl");
    int scored =
        run(
            err,
            new StringBuilder(),
            "score",
            "--model",
            model.toString(),
            "--input",
            FIXTURE.resolve("test").resolve("hole").toString(),
            "--output",
            lines.toString());
    assertThat(scored).as(err.toString()).isZero();
    List<String> json = Files.readAllLines(lines);
    assertThat(json).hasSize(2);
    for (String line : json) {
      JsonNode frame = new ObjectMapper().readTree(line);
      assertThat(frame.get("score_name").asText()).isEqualTo("frame");
      assertThat(frame.get("score").asDouble()).isFinite();
      // 8 held-out calibration frames: p-values from 1 / 9 to 1.
      assertThat(frame.get("p_value").asDouble()).isBetween(1.0 / 9, 1.0);
      assertThat(frame.get("anomaly").isBoolean()).isTrue();
      // The decision's parts beside the frame score, each with its p-value among good frames.
      for (String part : List.of("frame_map", "frame_too_likely", "frame_likelihood")) {
        assertThat(frame.at("/scores/" + part).isNumber()).as(part).isTrue();
        assertThat(frame.at("/p_values/" + part).asDouble()).as(part).isBetween(0.0, 1.0);
      }
      assertThat(frame.at("/scores/frame").asDouble()).isEqualTo(frame.get("score").asDouble());
      assertThat(frame.get("regions").isArray()).isTrue();
      int area = 0;
      for (JsonNode r : frame.get("regions")) {
        assertThat(r.get("x1").asInt()).isGreaterThan(r.get("x0").asInt()).isLessThanOrEqualTo(64);
        assertThat(r.get("area").asInt()).isGreaterThanOrEqualTo(4);
        area += r.get("area").asInt();
      }
      // The regions' pixels, run-length coded: the runs cover the frame, the odd ones the regions.
      int[] counts = new ObjectMapper().convertValue(frame.at("/mask/counts"), int[].class);
      int covered = 0;
      int defect = 0;
      for (int i = 0; i < counts.length; i++) {
        covered += counts[i];
        defect += i % 2 == 1 ? counts[i] : 0;
      }
      assertThat(covered).isEqualTo(64 * 64);
      assertThat(defect).isEqualTo(area);
    }

    // A bundle that was not trained on patches has no held-out frames: one clear error.
    int refused =
        run(
            err,
            new StringBuilder(),
            "evaluate",
            "--model",
            "../models/fmnist-glow",
            "--data",
            FIXTURE.toString(),
            "--report",
            dir.resolve("r2").toString());
    assertThat(refused).isEqualTo(2);
    assertThat(err.toString()).contains("was not trained on patches of frames (train --patch)");

    // Without --patch there is no default family: one clear error, naming the families.
    StringWriter noFamily = new StringWriter();
    int unnamed =
        run(
            noFamily,
            new StringBuilder(),
            "train",
            "--data",
            FIXTURE.resolve("train").resolve("good").toString(),
            "--out",
            dir.resolve("unnamed").toString());
    assertThat(unnamed).isEqualTo(2);
    assertThat(noFamily.toString())
        .contains(
            "--family is required (glow, realnvp, nice, made, maf, pixelcnn, pixelrnn, wavenet, vae,")
        .contains("gaussianization, iaf, diffusion)")
        .contains("only frames (--patch) and --resume have a default");
  }

  private static int run(StringWriter err, StringBuilder out, String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = FlowspectCli.commandLine();
      cli.setErr(new PrintWriter(err, true));
      return cli.execute(args);
    } finally {
      System.setOut(saved);
      out.append(bytes.toString(StandardCharsets.UTF_8));
    }
  }
}
