package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Bits;
import io.flowspect.core.score.PngCompressor;
import io.flowspect.core.score.Score;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * vae and hvae end to end on 8x8 blobs: train and export, bound ordering on held-out images,
 * sampling, and the score, calibrate and evaluate commands with the bounds as scores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatentCommandsTest {

  private Path dir;

  /** Blurry 8x8 blobs; a different seed gives held-out images of the same distribution. */
  private static byte[] blobs(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
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
    return pixels;
  }

  /**
   * Discs of random centre and radius: binarised at 128 they are many different binary images
   * (blobs binarise to a few patterns, and equal images share their importance-sampling noise).
   */
  private static byte[] discs(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 64];
    for (int i = 0; i < n; i++) {
      double cx = 1.5 + 5 * random.nextDouble();
      double cy = 1.5 + 5 * random.nextDouble();
      double r = 1.2 + 2 * random.nextDouble();
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          double d = Math.hypot(x - cx, y - cy);
          pixels[i * 64 + y * 8 + x] =
              (byte) (d < r ? 200 + random.nextInt(56) : random.nextInt(60));
        }
      }
    }
    return pixels;
  }

  /** Training and held-out images of a variant: discs for the Bernoulli one, else blobs. */
  private static byte[] data(String variant, int n, long seed) {
    return variant.endsWith("-bernoulli") ? discs(n, seed) : blobs(n, seed);
  }

  private static byte[] noise(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 64];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    return pixels;
  }

  private static List<byte[]> images(byte[] pixels) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < pixels.length / 64; i++) {
      out.add(Arrays.copyOfRange(pixels, i * 64, i * 64 + 64));
    }
    return out;
  }

  private Path idx(String name, int n, byte[] pixels) {
    return TestIdx.writeImages(dir.resolve(name), new IdxImages(n, 8, 8, pixels), true);
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path model(String family) {
    return dir.resolve("models/blobs-" + family);
  }

  @BeforeAll
  void trainBoth(@TempDir Path tmp) {
    dir = tmp;
    for (String variant : new String[] {"vae", "hvae", "vae-bernoulli"}) {
      Path train = idx("train-" + variant + "-idx3-ubyte.gz", 240, data(variant, 240, 4));
      StringWriter err = new StringWriter();
      String family = variant.replace("-bernoulli", "");
      String likelihood = variant.endsWith("-bernoulli") ? "bernoulli" : "logistic";
      int code =
          run(
              err,
              "train",
              "--family",
              family,
              "--likelihood",
              likelihood,
              "--data",
              train.toString(),
              "--out",
              model(variant).toString(),
              "--size",
              "8x8",
              "--hidden",
              "8",
              "--latent",
              "4",
              "--latent-channels",
              "2",
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
              "6",
              "--patience",
              "6",
              "--threads",
              "1");
      assertThat(code).as(err.toString()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vae", "hvae", "vae-bernoulli"})
  void trainingLowersTheNegativeElboAndRecordsBothBounds(String family) {
    Bundle bundle = Bundle.open(model(family));
    assertThat(bundle.manifest().family()).isEqualTo(family.replace("-bernoulli", ""));
    assertThat(bundle.manifest().graphs()).containsKeys("bound", "decode");
    assertThat(bundle.manifest().hyperparameters())
        .containsEntry("importance_samples", 16)
        .containsKey("noise_dims");
    List<?> history = (List<?>) bundle.manifest().training().get("history");
    double first = ((Number) ((java.util.Map<?, ?>) history.get(0)).get("train_bpd")).doubleValue();
    double best = bundle.manifest().metrics().get("validation_elbo_bpd");
    double iwae = bundle.manifest().metrics().get("validation_iwae_bpd");
    System.out.printf(
        "%s: first epoch train -ELBO %.3f bits/dim; validation -ELBO %.3f, -IWAE %.3f%n",
        family, first, best, iwae);
    assertThat(best).isLessThan(first);
    assertThat(iwae).isLessThanOrEqualTo(best);
    assertThat(bundle.manifest().metrics().get("validation_bpd")).isEqualTo(iwae);
  }

  /**
   * Bound ordering on held-out images with the trained models: IWAE never below the ELBO of the
   * same samples, image by image; its mean rises as K grows from 1 to 64.
   */
  @ParameterizedTest
  @ValueSource(strings = {"vae", "hvae", "vae-bernoulli"})
  void iwaeIsNeverBelowTheElboAndRisesFromOneToSixtyFourSamples(String family) {
    Bundle bundle = Bundle.open(model(family));
    List<byte[]> heldOut = images(data(family, 200, 21));
    int[] ks = {1, 4, 16, 64};
    double[] means = new double[ks.length];
    double smallestGap = Double.POSITIVE_INFINITY;
    for (int j = 0; j < ks.length; j++) {
      try (Scorer scorer =
          Scorer.open(bundle, OnnxOptions.cpu(), PngCompressor.INSTANCE, 64, ks[j])) {
        ScoreTable t = scorer.score(heldOut, EnumSet.of(Score.ELBO, Score.IWAE));
        double sum = 0;
        for (int i = 0; i < heldOut.size(); i++) {
          double iwae = t.column(Score.IWAE)[i];
          double elbo = t.column(Score.ELBO)[i];
          assertThat(iwae)
              .as("%s K = %d image %d: IWAE is never below the ELBO", family, ks[j], i)
              .isGreaterThanOrEqualTo(elbo);
          if (ks[j] > 1) {
            smallestGap = Math.min(smallestGap, iwae - elbo);
          }
          sum += iwae;
        }
        means[j] = Bits.bitsPerDim(sum / heldOut.size(), 64);
      }
    }
    System.out.printf(
        "%s held-out mean -IWAE bits/dim for K = %s: %s (smallest IWAE - ELBO, K > 1: %.3g nats)%n",
        family, Arrays.toString(ks), Arrays.toString(means), smallestGap);
    for (int j = 1; j < ks.length; j++) {
      assertThat(means[j])
          .as("%s: mean -IWAE bits/dim at K = %d below K = %d", family, ks[j], ks[j - 1])
          .isLessThan(means[j - 1]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vae", "hvae", "vae-bernoulli"})
  void samplesDecodePriorDrawsIntoAGrid(String family) throws Exception {
    Path png = dir.resolve(family + ".png");
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code =
          run(
              err,
              "sample",
              "--model",
              model(family).toString(),
              "--n",
              "4",
              "--out",
              png.toString());
    } finally {
      System.setOut(previous);
    }
    assertThat(code).as(err.toString()).isZero();
    java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(png.toFile());
    assertThat(grid.getWidth()).isEqualTo(2 * 9 + 1);
    assertThat(grid.getHeight()).isEqualTo(2 * 9 + 1);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("sample 3: IWAE bound (K = 16)").contains("bits/dim");
    if (family.endsWith("-bernoulli")) {
      assertThat(printed).contains("binarised at 128 (the grid shows p(x = 1))");
    }
  }

  /**
   * A Bernoulli VAE records its binarisation in the manifest (the input contract and the bound
   * graph's units), and a bit per pixel is its unit: its first epoch starts near 1 bit/dim (p =
   * 1/2) and never above.
   */
  @Test
  void aBernoulliVaeRecordsItsBinarisationAndMeasuresBitsPerBinaryPixel() {
    Bundle bundle = Bundle.open(model("vae-bernoulli"));
    assertThat(bundle.manifest().input().binarizeThreshold()).isEqualTo(128);
    assertThat(bundle.manifest().hyperparameters()).containsEntry("likelihood", "bernoulli");
    assertThat(bundle.manifest().graphs().get("bound").inputs().get(0).units())
        .isEqualTo("0 or 255 (binarised: 255 when the 8-bit value >= 128)");
    assertThat(bundle.manifest().graphs().get("bound").outputs().get(0).description())
        .contains("bits/dim are per binary pixel");
    assertThat(Bundle.open(model("vae")).manifest().input().isBinarized()).isFalse();
    assertThat(Bundle.open(model("vae")).manifest().hyperparameters())
        .containsEntry("likelihood", "logistic");
    double validation = bundle.manifest().metrics().get("validation_bpd");
    assertThat(validation).isGreaterThan(0).isLessThan(1.0);
  }

  @Test
  void hvaeScoresCalibratesAndEvaluatesWithItsBounds() throws Exception {
    Path model = model("hvae");
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
                "iwae",
                "--fpr",
                "0.05"))
        .as(err.toString())
        .isZero();
    Calibration c = CalibrationFile.read(Bundle.open(model)).orElseThrow();
    assertThat(c.score()).isEqualTo("iwae");
    assertThat(c.references()).containsKeys("elbo", "iwae", "llr_k");
    assertThat(c.labelled().auroc()).isGreaterThan(0.99);

    Path scores = dir.resolve("scores.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                anomalous.toString(),
                "--output",
                scores.toString(),
                "--scores",
                "elbo,iwae,llr_k,bpd"))
        .as(err.toString())
        .isZero();
    List<String> lines = Files.readAllLines(scores);
    assertThat(lines).hasSize(40);
    JsonNode first = Json.mapper().readTree(lines.get(0));
    JsonNode s = first.get("scores");
    assertThat(first.get("score_name").asText()).isEqualTo("iwae");
    assertThat(first.get("score").asDouble()).isEqualTo(-s.get("iwae").asDouble());
    assertThat(s.get("iwae").asDouble()).isGreaterThanOrEqualTo(s.get("elbo").asDouble());
    assertThat(s.get("bpd").asDouble())
        .isCloseTo(
            Bits.bitsPerDim(s.get("iwae").asDouble(), 64),
            org.assertj.core.api.Assertions.within(1e-9));
    assertThat(s.has("llr_k")).isTrue();

    Path report = dir.resolve("report");
    Path evalNormal = idx("eval-normal-idx3-ubyte.gz", 200, blobs(200, 11));
    assertThat(
            run(
                err,
                "evaluate",
                "--model",
                model.toString(),
                "--normal",
                evalNormal.toString(),
                "--anomalous",
                "noise=" + anomalous,
                "--fpr",
                "0.05",
                "--samples",
                "4",
                "--report",
                report.toString()))
        .as(err.toString())
        .isZero();
    JsonNode metrics = Json.mapper().readTree(report.resolve("metrics.json").toFile());
    List<String> candidates = new ArrayList<>();
    for (JsonNode cand : metrics.get("candidates")) {
      candidates.add(cand.get("score").asText());
      if (cand.get("score").asText().equals("iwae")) {
        assertThat(cand.get("sets").get("noise").get("auroc").asDouble()).isGreaterThan(0.99);
      }
    }
    assertThat(candidates).contains("elbo", "iwae", "llr_k");
    assertThat(Files.readString(report.resolve("report.html"))).contains("samples.png");
  }
}
