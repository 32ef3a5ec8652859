package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * cvae end to end on two visibly different synthetic classes of 8x8 images, bright on the left half
 * or on the right half: training with IDX labels and class names, the condition in the manifest and
 * the graphs, images scored higher under their own class than under the other, sampling a grid per
 * class, and the score, calibrate and evaluate commands with {@code --condition} and {@code
 * --labels}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionalCommandsTest {

  private static final List<String> CLASSES = List.of("left", "right");

  private Path dir;
  private Path model;

  /** Image i is class i % 2: bright on the left half (class 0) or the right half (class 1). */
  private static byte[] halves(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 64];
    for (int i = 0; i < n; i++) {
      boolean left = i % 2 == 0;
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          boolean bright = (x < 4) == left;
          pixels[i * 64 + y * 8 + x] =
              (byte) (bright ? 170 + random.nextInt(86) : random.nextInt(70));
        }
      }
    }
    return pixels;
  }

  private static int[] labels(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i % 2;
    }
    return out;
  }

  private static List<byte[]> images(byte[] pixels) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < pixels.length / 64; i++) {
      out.add(Arrays.copyOfRange(pixels, i * 64, i * 64 + 64));
    }
    return out;
  }

  private Path idx(String name, int n, byte[] pixels) {
    return TestIdx.writeImages(
        dir.resolve(name + "-idx3-ubyte.gz"), new IdxImages(n, 8, 8, pixels), true);
  }

  private Path labelFile(String name, int[] labels) {
    return TestIdx.writeLabels(dir.resolve(name + "-idx1-ubyte.gz"), labels, true);
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Runs a command and returns what it printed on stdout. */
  private static String runCapturing(StringWriter err, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = run(err, args);
    } finally {
      System.setOut(previous);
    }
    assertThat(code).as(err.toString()).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @BeforeAll
  void train(@TempDir Path tmp) {
    dir = tmp;
    model = dir.resolve("models/halves-cvae");
    Path train = idx("train", 400, halves(400, 4));
    Path trainLabels = labelFile("train", labels(400));
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "train",
            "--family",
            "cvae",
            "--data",
            train.toString(),
            "--labels",
            trainLabels.toString(),
            "--class-names",
            "left,right",
            "--condition-name",
            "side",
            "--out",
            model.toString(),
            "--size",
            "8x8",
            "--hidden",
            "8",
            "--latent",
            "4",
            "--kl-warmup",
            "30",
            "--free-bits",
            "0.01",
            "--importance-samples",
            "16",
            "--batch",
            "16",
            "--lr",
            "5e-3",
            "--warmup",
            "5",
            "--epochs",
            "12",
            "--patience",
            "12",
            "--threads",
            "1");
    assertThat(code).as(err.toString()).isZero();
  }

  @Test
  void theManifestAndTheGraphsCarryTheCondition() {
    Bundle bundle = Bundle.open(model);
    assertThat(bundle.manifest().family()).isEqualTo("cvae");
    assertThat(bundle.manifest().condition()).isEqualTo(new Condition("side", CLASSES));
    assertThat(bundle.manifest().graphs().get("bound").inputs())
        .extracting(t -> t.name() + " " + t.shape())
        .containsExactly("x [-1, 64]", "eps [-1, -1]", "c [-1, 2]");
    assertThat(bundle.manifest().graphs().get("decode").inputs())
        .extracting(t -> t.name() + " " + t.shape())
        .containsExactly("eps [-1, 4]", "c [-1, 2]");
    assertThat(bundle.manifest().hyperparameters()).containsEntry("classes", 2);
    String info = runCapturing(new StringWriter(), "info", "--model", model.toString());
    assertThat(info).contains("condition side: 2 classes [left, right]");
  }

  /**
   * The model uses its condition: a held-out image's IWAE under its own class is above its IWAE
   * under the other class for at least 90% of the images.
   */
  @Test
  void imagesAreLikelierUnderTheirOwnClass() {
    int n = 200;
    List<byte[]> heldOut = images(halves(n, 99));
    List<String> own = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      own.add(CLASSES.get(i % 2));
      other.add(CLASSES.get(1 - i % 2));
    }
    try (Scorer scorer = Scorer.open(Bundle.open(model), OnnxOptions.cpu())) {
      double[] mine =
          scorer
              .score(ScoreRequest.of(heldOut, EnumSet.of(Score.IWAE)).withConditions(own))
              .column(Score.IWAE);
      double[] theirs =
          scorer
              .score(ScoreRequest.of(heldOut, EnumSet.of(Score.IWAE)).withConditions(other))
              .column(Score.IWAE);
      int higher = 0;
      double gap = 0;
      for (int i = 0; i < n; i++) {
        if (mine[i] > theirs[i]) {
          higher++;
        }
        gap += mine[i] - theirs[i];
      }
      double share = (double) higher / n;
      System.out.printf(
          "cvae: %d of %d held-out images (%.1f%%) have a higher IWAE under their own class; mean"
              + " gap %.2f nats%n",
          higher, n, 100 * share, gap / n);
      assertThat(share).isGreaterThanOrEqualTo(0.9);

      ScoreTable underLeft = scorer.withCondition("left").score(heldOut, EnumSet.of(Score.IWAE));
      double[] left = underLeft.column(Score.IWAE);
      for (int i = 0; i < n; i += 2) {
        assertThat(left[i])
            .as("--condition left equals the per-image class left")
            .isEqualTo(mine[i]);
      }
    }
  }

  @Test
  void sampleDrawsOneRowPerClassOrOneClass() throws Exception {
    Path grid = dir.resolve("per-class.png");
    String printed =
        runCapturing(
            new StringWriter(),
            "sample",
            "--model",
            model.toString(),
            "--n",
            "3",
            "--out",
            grid.toString());
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(grid.toFile());
    assertThat(image.getWidth()).as("3 columns").isEqualTo(3 * 9 + 1);
    assertThat(image.getHeight()).as("one row per class").isEqualTo(2 * 9 + 1);
    assertThat(printed)
        .contains("sample 0 (side left): IWAE bound (K = 16) of log p given the class")
        .contains("sample 5 (side right)");

    Path one = dir.resolve("right.png");
    printed =
        runCapturing(
            new StringWriter(),
            "sample",
            "--model",
            model.toString(),
            "--n",
            "4",
            "--condition",
            "right",
            "--out",
            one.toString());
    image = javax.imageio.ImageIO.read(one.toFile());
    assertThat(image.getWidth()).isEqualTo(2 * 9 + 1);
    assertThat(image.getHeight()).isEqualTo(2 * 9 + 1);
    assertThat(printed).contains("sample 3 (side right)").doesNotContain("side left");
  }

  @Test
  void scoreCalibrateAndEvaluateTakeAConditionOrLabels() throws Exception {
    Path normal = idx("normal", 300, halves(300, 7));
    Path normalLabels = labelFile("normal", labels(300));
    Path rightOnly = idx("right-only", 40, rightImages(40, 8));
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--labels",
                normalLabels.toString(),
                "--score",
                "iwae",
                "--fpr",
                "0.05"))
        .as(err.toString())
        .isZero();
    Calibration c = CalibrationFile.read(Bundle.open(model)).orElseThrow();
    assertThat(c.score()).isEqualTo("iwae");
    assertThat(c.references()).containsKeys("elbo", "iwae");

    Path scores = dir.resolve("scores.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                rightOnly.toString(),
                "--condition",
                "left",
                "--output",
                scores.toString()))
        .as(err.toString())
        .isZero();
    List<String> lines = Files.readAllLines(scores);
    assertThat(lines).hasSize(40);
    int flagged = 0;
    for (String line : lines) {
      JsonNode json = Json.mapper().readTree(line);
      assertThat(json.get("side").asText()).isEqualTo("left");
      if (json.get("anomaly").asBoolean()) {
        flagged++;
      }
    }
    System.out.printf(
        "cvae: %d of 40 right-bright images flagged under --condition left%n", flagged);
    assertThat(flagged).as("right-bright images scored as left ones").isGreaterThanOrEqualTo(36);

    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                rightOnly.toString(),
                "--condition",
                "right",
                "--output",
                scores.toString()))
        .as(err.toString())
        .isZero();
    int flaggedRight = 0;
    for (String line : Files.readAllLines(scores)) {
      if (Json.mapper().readTree(line).get("anomaly").asBoolean()) {
        flaggedRight++;
      }
    }
    System.out.printf(
        "cvae: %d of 40 right-bright images flagged under --condition right%n", flaggedRight);
    assertThat(flaggedRight).isLessThan(flagged);

    Path report = dir.resolve("report");
    Path evalNormal = idx("eval-normal", 200, rightImages(200, 11));
    assertThat(
            run(
                err,
                "evaluate",
                "--model",
                model.toString(),
                "--normal",
                evalNormal.toString(),
                "--condition",
                "right",
                "--anomalous",
                "left=" + idx("left-only", 40, leftImages(40, 12)),
                "--fpr",
                "0.05",
                "--samples",
                "4",
                "--report",
                report.toString()))
        .as(err.toString())
        .isZero();
    JsonNode metrics = Json.mapper().readTree(report.resolve("metrics.json").toFile());
    double auroc = Double.NaN;
    for (JsonNode cand : metrics.get("candidates")) {
      if (cand.get("score").asText().equals("iwae")) {
        auroc = cand.get("sets").get("left").get("auroc").asDouble();
      }
    }
    System.out.printf(
        "cvae: iwae AUROC of left-bright against right-bright images under right %.4f%n", auroc);
    assertThat(auroc).isGreaterThan(0.95);
  }

  @Test
  void anUnknownOrMissingClassIsOneClearError() {
    Path input = idx("some", 4, halves(4, 3));
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "score",
            "--model",
            model.toString(),
            "--input",
            input.toString(),
            "--condition",
            "middle",
            "--output",
            dir.resolve("x.jsonl").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("side 'middle' is not a class of the model; known classes: [left, right]");

    StringWriter missing = new StringWriter();
    assertThat(
            run(
                missing,
                "score",
                "--model",
                model.toString(),
                "--input",
                input.toString(),
                "--output",
                dir.resolve("y.jsonl").toString()))
        .isEqualTo(2);
    assertThat(missing.toString())
        .contains("is conditioned on side [left, right]: give --condition NAME");

    StringWriter mismatch = new StringWriter();
    Path fewLabels = labelFile("few", new int[] {0, 1, 0});
    assertThat(
            run(
                mismatch,
                "score",
                "--model",
                model.toString(),
                "--input",
                input.toString(),
                "--labels",
                fewLabels.toString(),
                "--output",
                dir.resolve("z.jsonl").toString()))
        .isEqualTo(2);
    assertThat(mismatch.toString())
        .contains(fewLabels + " has 3 labels but " + input + " has 4 images");
  }

  private static byte[] rightImages(int n, long seed) {
    return only(n, seed, 1);
  }

  private static byte[] leftImages(int n, long seed) {
    return only(n, seed, 0);
  }

  /** n images all of one class (0 left, 1 right). */
  private static byte[] only(int n, long seed, int cls) {
    byte[] both = halves(2 * n, seed);
    byte[] out = new byte[n * 64];
    for (int i = 0; i < n; i++) {
      System.arraycopy(both, (2 * i + cls) * 64, out, i * 64, 64);
    }
    return out;
  }
}
