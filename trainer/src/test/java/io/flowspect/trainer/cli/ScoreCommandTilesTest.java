package io.flowspect.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.data.TestIdx;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.image.TestImages;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.score.Bits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code flowspect score} on a folder with frames larger than the model input, with the linear test
 * density (brighter = less likely) and a 28 x 28 gray model.
 */
class ScoreCommandTilesTest {

  private static final InputSpec GRAY = new InputSpec(1, 28, 28, ResizeMode.RESIZE);
  private static final float[] WEIGHTS = OnnxTestModels.quarterWeights(GRAY.dims());
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path model;
  private Path frames;
  private RasterImage spotPatch;
  private RasterImage smallPatch;

  @BeforeEach
  void setUp() throws Exception {
    model = dir.resolve("model");
    OnnxTestModels.densityBundle(model, GRAY, WEIGHTS, null, "bpd");
    frames = Files.createDirectories(dir.resolve("frames"));
    SplittableRandom random = new SplittableRandom(1);
    List<RasterImage> patches = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      patches.add(patch(random));
    }
    spotPatch = withSpot(patches.get(9)); // row 2, column 1
    patches.set(9, spotPatch);
    write(frames.resolve("a-defect.png"), mosaic(patches, 4, 4));
    smallPatch = patch(random);
    write(frames.resolve("b-small.png"), smallPatch);
    Files.writeString(frames.resolve("c-broken.png"), "not an image");
    byte[] rgb = new byte[100 * 60 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) random.nextInt(90, 111);
    }
    write(frames.resolve("d-wide-rgb.png"), new RasterImage(100, 60, 3, rgb));
  }

  @Test
  void largeFramesAreScoredTileByTileAndOthersAsBefore() throws Exception {
    StringWriter err = new StringWriter();
    Path out = dir.resolve("scores.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                frames.toString(),
                "--output",
                out.toString()))
        .as(err.toString())
        .isZero();

    List<JsonNode> lines = read(out);
    assertThat(lines)
        .extracting(l -> l.get("id").asText())
        .containsExactly("a-defect.png", "b-small.png", "d-wide-rgb.png", "c-broken.png");
    JsonNode a = lines.get(0);
    JsonNode tiles = a.get("tiles");
    assertThat(tiles.get("rows").asInt()).isEqualTo(4);
    assertThat(tiles.get("cols").asInt()).isEqualTo(4);
    assertThat(tiles.get("values")).hasSize(16);
    assertThat(tiles.get("aggregate").asText()).isEqualTo("max");
    assertThat(tiles.get("p_value_method").asText()).isEqualTo("none");
    assertThat(a.get("hottest_tile").toString())
        .isEqualTo("{\"x\":28,\"y\":56,\"w\":28,\"h\":28,\"row\":2,\"col\":1}");
    double spotBpd = bpd(spotPatch);
    assertThat(a.get("score").asDouble()).isEqualTo(spotBpd);
    assertThat(tiles.get("values").get(9).asDouble()).isEqualTo(spotBpd);
    assertThat(a.get("scores").get("bpd").asDouble()).isEqualTo(spotBpd);
    assertThat(a.get("p_value").isNull()).isTrue();
    assertThat(a.get("anomaly").isNull()).isTrue();

    JsonNode b = lines.get(1);
    assertThat(b.has("tiles")).isFalse();
    assertThat(b.get("score").asDouble()).isEqualTo(bpd(smallPatch));

    JsonNode d = lines.get(2);
    assertThat(d.get("tiles").get("rows").asInt()).isEqualTo(3);
    assertThat(d.get("tiles").get("cols").asInt()).isEqualTo(4);
    assertThat(d.get("hottest_tile").get("w").asInt()).isEqualTo(28);

    assertThat(lines.get(3).get("error").asText())
        .startsWith("c-broken.png: not a PNG, JPEG or BMP file");

    // --tiles off: the frame is resized to 28 x 28, as before tiling existed
    Path off = dir.resolve("off.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                frames.toString(),
                "--output",
                off.toString(),
                "--tiles",
                "off"))
        .isZero();
    JsonNode resized = read(off).get(0);
    assertThat(resized.get("id").asText()).isEqualTo("a-defect.png");
    assertThat(resized.has("tiles")).isFalse();
    assertThat(resized.get("score").asDouble()).isLessThan(spotBpd);
  }

  @Test
  void calibratedTilesGetBonferroniThenTiledCalibrationPValues() throws Exception {
    StringWriter err = new StringWriter();
    Path normal = normalIdx(400);
    assertThat(
            run(
                err,
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--fpr",
                "0.05",
                "--maps",
                "off"))
        .as(err.toString())
        .isZero();
    Path out = dir.resolve("bonferroni.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                frames.toString(),
                "--output",
                out.toString()))
        .isZero();
    List<JsonNode> lines = read(out);
    JsonNode a = lines.get(0);
    assertThat(a.get("tiles").get("p_value_method").asText()).isEqualTo("bonferroni");
    // the spot is brighter than all 400 calibration patches: tile p 1/401, image p 16/401
    assertThat(a.get("tiles").get("p_values").get(9).asDouble()).isEqualTo(1.0 / 401);
    assertThat(a.get("p_value").asDouble()).isEqualTo(16 * (1.0 / 401));
    assertThat(a.get("anomaly").asBoolean()).isTrue();

    Path tiledNormal = Files.createDirectories(dir.resolve("tiled-normal"));
    SplittableRandom random = new SplittableRandom(77);
    for (int m = 0; m < 30; m++) {
      List<RasterImage> patches = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        patches.add(patch(random));
      }
      write(tiledNormal.resolve(String.format("n%02d.png", m)), mosaic(patches, 4, 4));
    }
    assertThat(
            run(
                err,
                "calibrate",
                "--model",
                model.toString(),
                "--normal",
                normal.toString(),
                "--fpr",
                "0.05",
                "--maps",
                "off",
                "--tiled-normal",
                tiledNormal.toString()))
        .as(err.toString())
        .isZero();
    assertThat(model.resolve("tiled-calibration.json")).exists();
    Path tiledOut = dir.resolve("tiled.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                frames.toString(),
                "--output",
                tiledOut.toString()))
        .isZero();
    lines = read(tiledOut);
    a = lines.get(0);
    assertThat(a.get("tiles").get("p_value_method").asText()).isEqualTo("tiled_calibration");
    assertThat(a.get("p_value").asDouble()).isEqualTo(1.0 / 31);
    assertThat(a.get("anomaly").asBoolean()).isTrue();
    // a 3 x 4 grid is not the calibrated 4 x 4 one
    assertThat(lines.get(2).get("tiles").get("p_value_method").asText()).isEqualTo("bonferroni");

    // another aggregate than the calibrated one: the file is not used
    Path topk = dir.resolve("topk.jsonl");
    assertThat(
            run(
                err,
                "score",
                "--model",
                model.toString(),
                "--input",
                frames.toString(),
                "--output",
                topk.toString(),
                "--tile-aggregate",
                "topk:3"))
        .isZero();
    JsonNode k = read(topk).get(0);
    assertThat(k.get("tiles").get("aggregate").asText()).isEqualTo("topk:3");
    assertThat(k.get("tiles").get("p_value_method").asText()).isEqualTo("bonferroni");
  }

  @Test
  void badTileFlagsAreOneLineErrors() {
    String[] common = {
      "score",
      "--model",
      model.toString(),
      "--input",
      frames.toString(),
      "--output",
      dir.resolve("x.jsonl").toString()
    };
    StringWriter err = new StringWriter();
    assertThat(run(err, concat(common, "--tile-aggregate", "mean"))).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "flowspect score: --tile-aggregate: tile aggregate must be max or topk:K with K >= 1"
                + " (e.g. topk:3), got 'mean'");
    err = new StringWriter();
    assertThat(run(err, concat(common, "--tile-stride", "40"))).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "flowspect score: --tile-stride: stride must be in 1..28 (the smaller side of the 28"
                + " x 28 tile), got 40");
    err = new StringWriter();
    assertThat(run(err, concat(common, "--tiles", "maybe"))).isEqualTo(2);
    assertThat(err.toString()).contains("--tiles must be auto or off, got 'maybe'");
  }

  private int run(StringWriter err, String... args) {
    CommandLine cli = FlowspectCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<JsonNode> read(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  /** bpd of a 28 x 28 gray patch under the linear density, from the graph's formula. */
  private static double bpd(RasterImage patch) {
    double logPx = OnnxTestModels.expectedLogPx(GRAY.toModelInput(patch), WEIGHTS);
    return Bits.bitsPerDim(logPx, GRAY.dims());
  }

  private Path normalIdx(int n) {
    SplittableRandom random = new SplittableRandom(5);
    byte[] pixels = new byte[n * GRAY.dims()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(90, 111);
    }
    return TestIdx.writeImages(
        dir.resolve("normal-idx3-ubyte.gz"), new IdxImages(n, 28, 28, pixels), true);
  }

  private static RasterImage patch(SplittableRandom random) {
    byte[] p = new byte[28 * 28];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) random.nextInt(90, 111);
    }
    return new RasterImage(28, 28, 1, p);
  }

  private static RasterImage withSpot(RasterImage patch) {
    byte[] p = patch.pixels().clone();
    for (int y = 5; y < 15; y++) {
      for (int x = 5; x < 15; x++) {
        p[y * 28 + x] = (byte) 230;
      }
    }
    return new RasterImage(28, 28, 1, p);
  }

  private static RasterImage mosaic(List<RasterImage> patches, int rows, int cols) {
    int width = cols * 28;
    byte[] out = new byte[rows * 28 * width];
    for (int p = 0; p < rows * cols; p++) {
      for (int y = 0; y < 28; y++) {
        System.arraycopy(
            patches.get(p).pixels(),
            y * 28,
            out,
            ((p / cols) * 28 + y) * width + (p % cols) * 28,
            28);
      }
    }
    return new RasterImage(width, rows * 28, 1, out);
  }

  private static void write(Path file, RasterImage image) throws Exception {
    Files.write(file, TestImages.encode(image, "png"));
  }
}
