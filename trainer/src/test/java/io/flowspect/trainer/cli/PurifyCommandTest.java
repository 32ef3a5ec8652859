package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.TestIdx;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.purify.Purification;
import io.flowspect.core.purify.Purifier;
import io.flowspect.core.purify.PurifyOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flowspect purify} end to end on a PixelCNN trained for a few seconds on blurry blobs:
 * noisy blobs are purified, and with a calibration only the anomalous-looking ones.
 */
class PurifyCommandTest {

  private static final int NORMAL = 6;
  private static final int NOISY = 6;

  @TempDir static Path dir;

  private static Path calibrated;
  private static Path uncalibrated;
  private static Path input;

  /** Blurry 8x8 blobs, optionally with uniform noise of +-noise levels on every pixel. */
  private static byte[] blobs(int n, long seed, int noise) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 64];
    for (int i = 0; i < n; i++) {
      int cx = 2 + random.nextInt(4);
      int cy = 2 + random.nextInt(4);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
          int v = Math.min(255, (int) (250 * Math.exp(-r2 / 4)) + random.nextInt(4));
          if (noise > 0) {
            v = Math.max(0, Math.min(255, v + random.nextInt(2 * noise + 1) - noise));
          }
          pixels[i * 64 + y * 8 + x] = (byte) v;
        }
      }
    }
    return pixels;
  }

  private static Path idx(String name, byte[] pixels) {
    return TestIdx.writeImages(
        dir.resolve(name + "-idx3-ubyte.gz"),
        new IdxImages(pixels.length / 64, 8, 8, pixels),
        true);
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @BeforeAll
  static void trainAndCalibrate() throws Exception {
    calibrated = dir.resolve("models/blobs-pixelcnn");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "train",
            "--family",
            "pixelcnn",
            "--data",
            idx("train", blobs(120, 4, 0)).toString(),
            "--out",
            calibrated.toString(),
            "--size",
            "8x8",
            "--filters",
            "8",
            "--blocks",
            "1",
            "--epochs",
            "12",
            "--batch",
            "16",
            "--lr",
            "1e-2",
            "--warmup",
            "5",
            "--patience",
            "12");
    assertThat(code).as(err.toString()).isZero();
    uncalibrated = dir.resolve("models/uncalibrated");
    copy(calibrated, uncalibrated);
    code =
        run(
            err,
            "calibrate",
            "--model",
            calibrated.toString(),
            "--normal",
            idx("normal", blobs(100, 5, 0)).toString());
    assertThat(code).as(err.toString()).isZero();
    byte[] test = new byte[(NORMAL + NOISY) * 64];
    System.arraycopy(blobs(NORMAL, 6, 0), 0, test, 0, NORMAL * 64);
    System.arraycopy(blobs(NOISY, 7, 60), 0, test, NORMAL * 64, NOISY * 64);
    input = idx("test", test);
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static List<JsonNode> lines(Path out) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("purify.jsonl"))) {
      lines.add(Json.mapper().readTree(line));
    }
    return lines;
  }

  @Test
  void purifiesOnlyTheImagesThatLookAnomalous() throws Exception {
    Path out = dir.resolve("adaptive");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "purify",
            "--model",
            calibrated.toString(),
            "--input",
            input.toString(),
            "--out",
            out.toString());
    assertThat(code).as(err.toString()).isZero();

    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(NORMAL + NOISY);
    int skipped = 0;
    int noisyPurified = 0;
    for (int s = 0; s < lines.size(); s++) {
      JsonNode line = lines.get(s);
      assertThat(line.get("id").asText()).isEqualTo(Integer.toString(s));
      double p = line.get("p_value").asDouble();
      assertThat(p).isBetween(0.0, 1.0);
      assertThat(line.get("skipped").asBoolean()).as("image %d, p %s", s, p).isEqualTo(p > 0.05);
      if (line.get("skipped").asBoolean()) {
        skipped++;
        assertThat(line.get("passes").asInt()).isZero();
        assertThat(line.get("changed").asInt()).isZero();
        assertThat(line.get("log_px_after").asDouble())
            .isEqualTo(line.get("log_px_before").asDouble());
      } else {
        assertThat(line.get("passes").asInt()).isBetween(1, 65);
        assertThat(line.get("linf").asInt()).isBetween(0, 16);
        noisyPurified += s >= NORMAL ? 1 : 0;
      }
    }
    // The clean blobs look normal, the noisy ones do not.
    assertThat(skipped).isGreaterThanOrEqualTo(NORMAL - 1);
    assertThat(noisyPurified).isEqualTo(NOISY);
  }

  @Test
  void withoutCalibrationPurifiesEveryImageAndSaysSo() throws Exception {
    Path out = dir.resolve("all");
    StringWriter err = new StringWriter();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      code =
          run(
              err,
              "purify",
              "--model",
              uncalibrated.toString(),
              "--input",
              input.toString(),
              "--out",
              out.toString(),
              "--epsilon",
              "12");
    } finally {
      System.setErr(saved);
    }
    assertThat(code).as(err.toString()).isZero();
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("has no calibration.json")
        .contains("purifying every image");

    Bundle bundle = Bundle.open(uncalibrated);
    InputSpec spec = bundle.manifest().input();
    List<byte[]> inputs =
        ImageDatasets.load(input, spec, ImageLimits.defaults()).images().stream()
            .map(ImageRecord::chw)
            .toList();
    List<Purification> expected;
    try (Purifier purifier =
        Purifier.open(bundle, OnnxOptions.cpu(), PurifyOptions.defaults().withEpsilon(12))) {
      expected = purifier.purify(inputs);
    }
    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(NORMAL + NOISY);
    int rose = 0;
    for (int s = 0; s < lines.size(); s++) {
      JsonNode line = lines.get(s);
      Purification p = expected.get(s);
      assertThat(line.get("skipped").asBoolean()).isFalse();
      assertThat(line.get("p_value").isNull()).isTrue();
      assertThat(line.get("changed").asInt()).isEqualTo(p.changed()).isPositive();
      assertThat(line.get("passes").asInt()).isEqualTo(p.passes());
      assertThat(line.get("linf").asInt()).isEqualTo(p.linf()).isLessThanOrEqualTo(12);
      assertThat(line.get("l2").asDouble()).isEqualTo(p.l2());
      if (line.get("log_px_after").asDouble() >= line.get("log_px_before").asDouble()) {
        rose++;
      }
    }
    assertThat(rose).isGreaterThanOrEqualTo(NORMAL + NOISY - 1);

    // The purified PNGs load back to exactly the purified bytes, in the model's input size.
    List<ImageRecord> reloaded =
        new ArrayList<>(
            ImageDatasets.load(out.resolve("purified"), spec, ImageLimits.defaults()).images());
    reloaded.sort(Comparator.comparingInt(r -> Integer.parseInt(r.id().replace(".png", ""))));
    assertThat(reloaded).hasSize(NORMAL + NOISY);
    for (int s = 0; s < reloaded.size(); s++) {
      assertThat(reloaded.get(s).id()).isEqualTo(s + ".png");
      assertThat(reloaded.get(s).chw()).isEqualTo(expected.get(s).purified());
    }
    // Image panel and difference panel, each 8 pixels upscaled 16 times.
    BufferedImage diff = ImageIO.read(out.resolve("diff/0.png").toFile());
    assertThat(diff.getWidth()).isEqualTo(2 * 8 * 16 + 4);
    assertThat(diff.getHeight()).isEqualTo(8 * 16);
  }

  @Test
  void refusesAModelThatCannotPurify() {
    Path nice =
        OnnxTestModels.densityBundle(
                dir.resolve("models/nice"), new InputSpec(1, 8, 8, ResizeMode.RESIZE))
            .dir();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "purify",
            "--model",
            nice.toString(),
            "--input",
            input.toString(),
            "--out",
            dir.resolve("never").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(nice.toString()).contains("family nice").hasLineCount(1);
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void namesABadAdaptiveP() {
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "purify",
            "--model",
            calibrated.toString(),
            "--input",
            input.toString(),
            "--out",
            dir.resolve("never").toString(),
            "--adaptive-p",
            "sometimes");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--adaptive-p must be a p-value in [0, 1] or 'off', got 'sometimes'");
  }
}
