package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

  @TempDir Path dir;

  /** 120 blurry 8x8 blobs: structured enough that a model learns something in two epochs. */
  private Path blobs() {
    SplittableRandom random = new SplittableRandom(4);
    int n = 120;
    byte[] pixels = new byte[n * 64];
    for (int i = 0; i < n; i++) {
      int cx = 2 + random.nextInt(4);
      int cy = 2 + random.nextInt(4);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          pixels[i * 64 + y * 8 + x] =
              (byte) Math.min(255, (int) (250 * Math.exp(-r2 / 4)) + random.nextInt(4));
        }
      }
    }
    return TestIdx.writeImages(
        dir.resolve("blobs-idx3-ubyte.gz"), new IdxImages(n, 8, 8, pixels), true);
  }

  private int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void trainsExportsAndResumesWhereItStopped() throws Exception {
    Path data = blobs();
    Path out = dir.resolve("models/blobs-glow");
    String[] common = {
      "train",
      "--family",
      "glow",
      "--data",
      data.toString(),
      "--out",
      out.toString(),
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
      "--patience",
      "5"
    };
    StringWriter err = new StringWriter();
    assertThat(run(err, concat(common, "--epochs", "2"))).as(err.toString()).isZero();

    Bundle bundle = Bundle.open(out);
    assertThat(bundle.manifest().family()).isEqualTo("glow");
    assertThat(bundle.manifest().metrics().get("validation_bpd")).isBetween(0.5, 8.0);
    assertThat(bundle.manifest().trainingFingerprint()).startsWith("sha256:");
    Path state = dir.resolve("models/blobs-glow.ckpt/state.json");
    assertThat(epochsDone(state)).isEqualTo(2);

    assertThat(run(err, concat(common, "--epochs", "3", "--resume"))).as(err.toString()).isZero();
    assertThat(epochsDone(state)).isEqualTo(3);
    Map<?, ?> json = Json.mapper().readValue(Files.readString(state), Map.class);
    assertThat((java.util.List<?>) json.get("history")).hasSize(3);
    Bundle resumed = Bundle.open(out);
    assertThat(resumed.manifest().metrics().get("validation_bpd"))
        .isLessThanOrEqualTo(bundle.manifest().metrics().get("validation_bpd") + 1e-9);
  }

  /**
   * A run stopped in the middle of an epoch and resumed takes exactly the steps an uninterrupted
   * run takes: same batches, same noise, same optimiser state, so the same weights at the end.
   */
  @Test
  void aRunStoppedMidEpochResumesToTheSameWeights() throws Exception {
    Path data = blobs();
    String[] common = {
      "train",
      "--family",
      "glow",
      "--data",
      data.toString(),
      "--size",
      "8x8",
      "--levels",
      "1",
      "--steps",
      "2",
      "--hidden",
      "8",
      "--batch",
      "8",
      "--lr",
      "5e-3",
      "--warmup",
      "3",
      "--threads",
      "1",
      "--epochs",
      "2"
    };
    StringWriter err = new StringWriter();
    Path whole = dir.resolve("models/whole");
    assertThat(run(err, concat(common, "--out", whole.toString()))).as(err.toString()).isZero();

    Path split = dir.resolve("models/split");
    assertThat(run(err, concat(common, "--out", split.toString(), "--step-limit", "5")))
        .as(err.toString())
        .isZero();
    Path state = dir.resolve("models/split.ckpt/state.json");
    Map<?, ?> partial =
        (Map<?, ?>) Json.mapper().readValue(Files.readString(state), Map.class).get("partial");
    assertThat(((Number) partial.get("steps")).longValue()).isEqualTo(5);
    assertThat(epochsDone(state)).isZero();

    assertThat(
            run(err, concat(common, "--out", split.toString(), "--step-limit", "12", "--resume")))
        .as(err.toString())
        .isZero();
    assertThat(epochsDone(state)).isEqualTo(1);
    assertThat(run(err, concat(common, "--out", split.toString(), "--resume")))
        .as(err.toString())
        .isZero();
    assertThat(epochsDone(state)).isEqualTo(2);

    byte[] expected = Files.readAllBytes(dir.resolve("models/whole.ckpt/params.bin"));
    byte[] actual = Files.readAllBytes(dir.resolve("models/split.ckpt/params.bin"));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void samplesFlowsInParallelAndPixelCnnInRasterOrder() throws Exception {
    Path data = blobs();
    for (String family : new String[] {"nice", "pixelcnn"}) {
      Path out = dir.resolve("models/blobs-" + family);
      StringWriter err = new StringWriter();
      int code =
          run(
              err,
              "train",
              "--family",
              family,
              "--data",
              data.toString(),
              "--out",
              out.toString(),
              "--size",
              "8x8",
              "--levels",
              "1",
              "--steps",
              "1",
              "--hidden",
              "8",
              "--filters",
              "8",
              "--blocks",
              "1",
              "--epochs",
              "1",
              "--batch",
              "32");
      assertThat(code).as(err.toString()).isZero();
      Path png = dir.resolve(family + ".png");
      assertThat(run(err, "sample", "--model", out.toString(), "--n", "4", "--out", png.toString()))
          .as(err.toString())
          .isZero();
      java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(png.toFile());
      assertThat(grid.getWidth()).isEqualTo(2 * 9 + 1);
      assertThat(grid.getHeight()).isEqualTo(2 * 9 + 1);
    }
  }

  /**
   * A fitted family through the same command: no epochs, the layers validation keeps in the
   * manifest, its history one line per fitted layer, sampling through its generate graph, and a
   * --resume refused in one line (a fit takes minutes and writes no checkpoint).
   */
  @Test
  void fitsAGaussianizationFlowAndSamplesFromIt() throws Exception {
    Path data = blobs();
    Path out = dir.resolve("models/blobs-gaussianization");
    String[] args = {
      "train",
      "--family",
      "gaussianization",
      "--data",
      data.toString(),
      "--out",
      out.toString(),
      "--size",
      "8x8",
      "--layers",
      "12",
      "--bins",
      "8",
      "--block-sides",
      "4,2"
    };
    StringWriter err = new StringWriter();
    assertThat(run(err, args)).as(err.toString()).isZero();
    Bundle bundle = Bundle.open(out);
    assertThat(bundle.manifest().family()).isEqualTo("gaussianization");
    int kept = ((Number) bundle.manifest().hyperparameters().get("layers")).intValue();
    assertThat(kept).isBetween(1, 12);
    assertThat(bundle.manifest().hyperparameters()).containsEntry("block_sides", "4,2");
    assertThat(bundle.manifest().metrics().get("validation_bpd")).isBetween(0.5, 8.0);
    Map<?, ?> training = bundle.manifest().training();
    assertThat(((Number) training.get("best_epoch")).intValue()).isEqualTo(kept);
    assertThat((java.util.List<?>) training.get("history"))
        .hasSize(((Number) training.get("epochs")).intValue());

    Path png = dir.resolve("gaussianization.png");
    assertThat(run(err, "sample", "--model", out.toString(), "--n", "4", "--out", png.toString()))
        .as(err.toString())
        .isZero();
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(2 * 9 + 1);

    StringWriter resumed = new StringWriter();
    assertThat(run(resumed, concat(args, "--resume"))).isEqualTo(2);
    assertThat(resumed.toString()).contains("--resume: no checkpoint").hasLineCount(1);
  }

  /**
   * A diffusion model end to end: trained on its own bound, exported with its trajectory noise
   * width, scored with the bound's scores and sampled through all its reverse steps.
   */
  @Test
  void trainsADiffusionModelScoresItsBoundAndSamplesFromIt() throws Exception {
    Path data = blobs();
    Path out = dir.resolve("models/blobs-diffusion");
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "train",
                "--family",
                "diffusion",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--size",
                "8x8",
                "--steps",
                "8",
                "--filters",
                "4",
                "--levels",
                "1",
                "--epochs",
                "2",
                "--lr",
                "3e-3"))
        .as(err.toString())
        .isZero();
    Bundle bundle = Bundle.open(out);
    assertThat(bundle.manifest().family()).isEqualTo("diffusion");
    assertThat(bundle.manifest().hyperparameters())
        .containsEntry("steps", 8)
        .containsEntry("map_step", 6)
        .containsEntry("noise_dims", 8 * 64);
    double elbo = bundle.manifest().metrics().get("validation_elbo_bpd");
    assertThat(elbo).as("a bound of two epochs on 120 images: finite, loose").isBetween(0.5, 200.0);
    java.util.List<?> history = (java.util.List<?>) bundle.manifest().training().get("history");
    assertThat(history).hasSize(2);

    Path scores = dir.resolve("diffusion-scores.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                out.toString(),
                "--input",
                data.toString(),
                "--output",
                scores.toString(),
                "--scores",
                "elbo,iwae,elbo_bpd,bpd"))
        .as(err.toString())
        .isZero();
    java.util.List<String> lines = Files.readAllLines(scores);
    assertThat(lines).hasSize(120);
    com.fasterxml.jackson.databind.JsonNode first =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0)).get("scores");
    assertThat(first.get("elbo_bpd").asDouble()).isFinite().isBetween(0.5, 200.0);
    assertThat(first.get("iwae").asDouble()).isGreaterThanOrEqualTo(first.get("elbo").asDouble());

    Path png = dir.resolve("diffusion.png");
    assertThat(run(err, "sample", "--model", out.toString(), "--n", "4", "--out", png.toString()))
        .as(err.toString())
        .isZero();
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(2 * 9 + 1);
  }

  /**
   * Probability density distillation end to end: a MAF teacher, then an IAF student trained against
   * it. The student's bundle scores with the teacher's exact density (the same bits/dim on the same
   * split), its validation gap log q - log p_teacher falls, and it samples in parallel.
   */
  @Test
  void distilsAnIafStudentFromAMafTeacher() throws Exception {
    Path data = blobs();
    Path teacher = dir.resolve("models/blobs-maf");
    StringWriter err = new StringWriter();
    String[] common = {
      "--data", data.toString(), "--size", "8x8", "--hidden", "32", "--batch", "16"
    };
    assertThat(
            run(
                err,
                concat(
                    concat(
                        new String[] {"train", "--family", "maf", "--out", teacher.toString()},
                        common),
                    "--mades",
                    "2",
                    "--epochs",
                    "3",
                    "--lr",
                    "3e-3")))
        .as(err.toString())
        .isZero();
    Path student = dir.resolve("models/blobs-iaf");
    assertThat(
            run(
                err,
                concat(
                    concat(
                        new String[] {"train", "--family", "iaf", "--out", student.toString()},
                        common),
                    "--teacher",
                    teacher.toString(),
                    "--mades",
                    "2",
                    "--epochs",
                    "4",
                    "--lr",
                    "3e-3",
                    "--patience",
                    "4")))
        .as(err.toString())
        .isZero();
    Bundle distilled = Bundle.open(student);
    Bundle taught = Bundle.open(teacher);
    assertThat(distilled.manifest().family()).isEqualTo("iaf");
    assertThat(distilled.manifest().metrics().get("validation_bpd"))
        .as("the student's bundle scores with the teacher's density")
        .isCloseTo(taught.manifest().metrics().get("validation_bpd"), within(1e-6));
    java.util.List<?> history = (java.util.List<?>) distilled.manifest().training().get("history");
    double first = ((Number) ((Map<?, ?>) history.get(0)).get("validation_bpd")).doubleValue();
    double best =
        history.stream()
            .mapToDouble(h -> ((Number) ((Map<?, ?>) h).get("validation_bpd")).doubleValue())
            .min()
            .orElseThrow();
    assertThat(best).as("the distillation gap falls").isLessThan(first);
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(
              run(err, "distillation", "--model", student.toString(), "--n", "8", "--batch", "4"))
          .as(err.toString())
          .isZero();
    } finally {
      System.setOut(stdout);
    }
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("student")
        .contains("teacher")
        .containsPattern("student \\d+ x faster at batch 4 \\(8 samples each\\)")
        .containsPattern("student +[0-9.]+ +[0-9]+\\.[0-9]{4}, [0-9]+\\.[0-9]{4}, [0-9] of 8");
    Path png = dir.resolve("iaf.png");
    assertThat(
            run(err, "sample", "--model", student.toString(), "--n", "4", "--out", png.toString()))
        .as(err.toString())
        .isZero();
  }

  @Test
  void missingDataIsOneLineNamingThePath() {
    StringWriter err = new StringWriter();
    Path missing = dir.resolve("no-such-folder");
    int code =
        run(
            err,
            "train",
            "--family",
            "glow",
            "--data",
            missing.toString(),
            "--out",
            dir.resolve("m").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(missing.toString()).hasLineCount(1);
  }

  @Test
  void unknownFamilyNamesTheValidOnes() {
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "train",
            "--family",
            "gan",
            "--data",
            blobs().toString(),
            "--out",
            dir.resolve("m").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--family gan")
        .contains("glow, realnvp, nice, made, maf, pixelcnn");
  }

  private static int epochsDone(Path state) throws Exception {
    return ((Number) Json.mapper().readValue(Files.readString(state), Map.class).get("epochs_done"))
        .intValue();
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
