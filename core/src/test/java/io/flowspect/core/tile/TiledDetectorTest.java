package io.flowspect.core.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.report.Colormap;
import io.flowspect.core.report.Heatmap;
import io.flowspect.core.score.Bits;
import io.flowspect.core.score.PngCompressor;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiled judging with the linear test density {@code log_px = -sum c_j x_j} and positive weights: a
 * brighter tile is less likely, so the tile with a bright spot is the most anomalous under bpd.
 */
class TiledDetectorTest {

  private static final InputSpec GRAY = new InputSpec(1, 28, 28, ResizeMode.RESIZE);
  private static final float[] WEIGHTS = OnnxTestModels.quarterWeights(GRAY.dims());

  /** Row 2, column 1 of a 4 x 4 mosaic, row-major. */
  private static final int DEFECT = 2 * 4 + 1;

  @TempDir Path dir;

  private Bundle bundle;
  private Scorer scorer;

  @BeforeEach
  void open() {
    bundle = OnnxTestModels.densityBundle(dir.resolve("m"), GRAY, WEIGHTS, null, "bpd");
    // room for every tile of a batch in one ONNX Runtime call
    scorer = Scorer.open(bundle, OnnxOptions.cpu(), PngCompressor.INSTANCE, 1024);
  }

  @AfterEach
  void close() {
    scorer.close();
  }

  /** 16 normal patches (seeded) with the bright spot on patch {@link #DEFECT}. */
  private static List<RasterImage> defectivePatches(long seed) {
    List<RasterImage> patches = new ArrayList<>(Mosaics.normalPatches(seed, 16, 28));
    patches.set(DEFECT, Mosaics.withSpot(patches.get(DEFECT)));
    return patches;
  }

  /** The detector's values for the patches judged one by one as whole small images. */
  private static double[] alone(Detector detector, List<RasterImage> patches) {
    return detector.judge(patches.stream().map(GRAY::toChw).toList()).values();
  }

  @Test
  void theHottestTileIsTheDefectAndEveryTileIsScoredInOneBatch() {
    Detector detector = Detector.of(scorer, null);
    List<RasterImage> patches = defectivePatches(1);
    RasterImage defective = Mosaics.of(patches, 4, 4);
    RasterImage normal = Mosaics.of(Mosaics.normalPatches(2, 16, 28), 4, 4);
    List<Integer> batches = new ArrayList<>();
    TiledDetector tiled =
        TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.MAX)
            .withScoring(
                (tiles, scores) -> {
                  batches.add(tiles.size());
                  return scorer.score(tiles, scores);
                });

    List<TiledVerdict> verdicts = tiled.judge(List.of(normal, defective));

    assertThat(batches).containsExactly(32); // both images' 16 tiles in one scorer call
    TiledVerdict v = verdicts.get(1);
    assertThat(v.rows()).isEqualTo(4);
    assertThat(v.cols()).isEqualTo(4);
    assertThat(v.tileValues()).containsExactly(alone(detector, patches));
    assertThat(v.hottestTile()).isEqualTo(new Tile(2, 1, 28, 56, 28, 28));
    // the defect's bpd from the graph's formula, independent of the scorer
    double logPx = OnnxTestModels.expectedLogPx(GRAY.toModelInput(patches.get(DEFECT)), WEIGHTS);
    assertThat(v.value()).isEqualTo(Bits.bitsPerDim(logPx, GRAY.dims()));
    assertThat(v.value()).isEqualTo(v.tileValue(2, 1));
    assertThat(v.score()).isEqualTo("bpd");
    assertThat(v.aggregate()).isEqualTo("max");
    assertThat(v.hottestVerdict().scores().get("bpd")).isEqualTo(v.value());
    // not calibrated: values, but no p-value and no decision
    assertThat(v.pValueMethod()).isEqualTo(PValueMethod.NONE);
    assertThat(v.pValue()).isNaN();
    assertThat(v.anomaly()).isNull();
    assertThat(verdicts.get(0).value()).isLessThan(v.value() - 0.5);
  }

  @Test
  void topKMeanAveragesTheKHottestTiles() {
    Detector detector = Detector.of(scorer, null);
    List<RasterImage> patches = defectivePatches(3);
    double[] sorted = alone(detector, patches);
    Arrays.sort(sorted);
    double expected = (sorted[15] + sorted[14] + sorted[13]) / 3;

    TiledVerdict v =
        TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.topKMean(3))
            .judge(Mosaics.of(patches, 4, 4));

    assertThat(v.value()).isEqualTo(expected);
    assertThat(v.value()).isLessThan(sorted[15]); // the two others are normal tiles
    assertThat(v.aggregate()).isEqualTo("topk:3");
    assertThat(v.hottest()).isEqualTo(DEFECT);
  }

  @Test
  void withoutTiledCalibrationTheImagePValueIsBonferronis() {
    Detector detector = Detector.of(scorer, singleCalibration(400));
    TiledDetector tiled = TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.MAX);

    TiledVerdict defective = tiled.judge(Mosaics.of(defectivePatches(5), 4, 4));
    TiledVerdict normal = tiled.judge(Mosaics.of(Mosaics.normalPatches(6, 16, 28), 4, 4));

    // the spot is brighter than all 400 calibration patches: p = 1 / 401 for its tile
    assertThat(defective.tilePValues()[DEFECT]).isEqualTo(1.0 / 401);
    assertThat(defective.pValueMethod()).isEqualTo(PValueMethod.BONFERRONI);
    assertThat(defective.pValue()).isEqualTo(16 * (1.0 / 401));
    assertThat(defective.anomaly()).isTrue(); // 0.0399 <= alpha 0.05
    double minP = Arrays.stream(normal.tilePValues()).min().orElseThrow();
    assertThat(normal.pValue()).isEqualTo(Math.min(1, 16 * minP));
    assertThat(normal.pValue()).isGreaterThan(0.05);
    assertThat(normal.anomaly()).isFalse();
  }

  @Test
  void aTiledCalibrationGivesConformalPValuesOfTheAggregate() {
    Detector detector = Detector.of(scorer, singleCalibration(200));
    TiledDetector tiled = TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.MAX);
    List<RasterImage> normals = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      normals.add(Mosaics.of(Mosaics.normalPatches(100 + i, 16, 28), 4, 4));
    }

    TiledCalibration calibration = TiledCalibration.calibrate(tiled, normals, 0.1);

    double[] values = tiled.judge(normals).stream().mapToDouble(TiledVerdict::value).toArray();
    ConformalReference reference = ConformalReference.of(values);
    assertThat(calibration.reference()).isEqualTo(reference);
    assertThat(calibration.threshold()).isEqualTo(reference.threshold(0.1));
    assertThat(calibration.n()).isEqualTo(60);
    assertThat(calibration.rows()).isEqualTo(4);
    assertThat(calibration.cols()).isEqualTo(4);
    assertThat(calibration.score()).isEqualTo("bpd");
    assertThat(calibration.aggregate()).isEqualTo("max");
    assertThat(TiledCalibrationFile.read(bundle)).isEmpty();
    TiledCalibrationFile.write(bundle, calibration);
    assertThat(TiledCalibrationFile.read(bundle)).contains(calibration);

    TiledDetector calibrated = tiled.withCalibration(calibration);
    TiledVerdict defective = calibrated.judge(Mosaics.of(defectivePatches(7), 4, 4));
    assertThat(defective.pValueMethod()).isEqualTo(PValueMethod.TILED_CALIBRATION);
    assertThat(defective.pValue()).isEqualTo(1.0 / 61);
    assertThat(defective.anomaly()).isTrue();
    TiledVerdict normal = calibrated.judge(Mosaics.of(Mosaics.normalPatches(8, 16, 28), 4, 4));
    assertThat(normal.pValue()).isEqualTo(reference.pValue(normal.value()));
    assertThat(normal.anomaly()).isEqualTo(normal.value() > calibration.threshold());
    // the max of 16 normal tiles is not a normal tile's value: the tiled reference sits higher
    assertThat(reference.sorted()[0])
        .isGreaterThan(detector.calibration().orElseThrow().decisionReference().sorted()[100]);

    // another tile grid: the reference does not apply, Bonferroni does
    RasterImage small = Mosaics.of(Mosaics.normalPatches(9, 9, 28), 3, 3);
    TiledVerdict other = calibrated.judge(small);
    assertThat(other.pValueMethod()).isEqualTo(PValueMethod.BONFERRONI);
    assertThat(other.pValue())
        .isEqualTo(Math.min(1, 9 * Arrays.stream(other.tilePValues()).min().orElseThrow()));

    TiledDetector topK = TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.topKMean(3));
    assertThatThrownBy(() -> topK.withCalibration(calibration))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tiled calibration does not apply: it was made for aggregate max, the detector uses"
                + " topk:3");
  }

  @Test
  void rgbImagesAreConvertedToLumaTileByTileAsWholeImagesWouldBe() {
    SplittableRandom random = new SplittableRandom(11);
    byte[] rgb = new byte[112 * 84 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) random.nextInt(256);
    }
    RasterImage colour = new RasterImage(112, 84, 3, rgb);
    RasterImage gray =
        new RasterImage(112, 84, 1, new InputSpec(1, 84, 112, ResizeMode.RESIZE).toChw(colour));
    TiledDetector tiled =
        TiledDetector.of(Detector.of(scorer, null), TileLayout.of(GRAY), TileAggregate.MAX);

    List<TiledVerdict> v = tiled.judge(List.of(colour, gray));

    assertThat(v.get(0).tileValues()).hasSize(12).containsExactly(v.get(1).tileValues());
    assertThat(Arrays.stream(v.get(0).tileValues()).distinct().count()).isEqualTo(12);
    assertThat(v.get(0).hottest()).isEqualTo(v.get(1).hottest());
  }

  @Test
  void overlappingTilesFindTheTileThatHoldsTheWholeSpot() {
    Detector detector = Detector.of(scorer, null);
    RasterImage image = Mosaics.of(defectivePatches(12), 4, 4);
    TiledDetector tiled = TiledDetector.of(detector, TileLayout.of(GRAY, 14), TileAggregate.MAX);

    TiledVerdict v = tiled.judge(image);

    assertThat(v.rows()).isEqualTo(7);
    assertThat(v.cols()).isEqualTo(7);
    // the spot covers pixels 33..42 x 61..70; only the tile at (28, 56) holds all of it
    assertThat(v.hottestTile()).isEqualTo(new Tile(4, 2, 28, 56, 28, 28));
    float[] map = v.tiling().pixelMax(v.tileValues());
    assertThat(map[66 * 112 + 38]).isEqualTo((float) v.value());
    // a pixel covered only by the corner tile
    assertThat(map[0]).isEqualTo((float) v.tileValue(0, 0));

    BufferedImage drawn = TileHeatmaps.of(image, v).imagePanel(false).render();
    assertThat(drawn.getRGB(38, 66) & 0xFFFFFF).isEqualTo(Colormap.INFERNO.rgb(1.0));
    assertThat(drawn.getRGB(28, 60) & 0xFFFFFF).isEqualTo(Heatmap.BOX_RGB); // hottest box edge
  }

  @Test
  void aPartitioningGridDrawsLikeThePerPixelMap() {
    Detector detector = Detector.of(scorer, null);
    RasterImage image = Mosaics.of(defectivePatches(13), 4, 4);
    TiledVerdict v =
        TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.MAX).judge(image);
    assertThat(v.tiling().partitions()).isTrue();

    BufferedImage coarse = TileHeatmaps.of(image, v).scale(2).render();
    BufferedImage fine =
        Heatmap.of(image.pixels(), 1, 112, 112, v.tiling().pixelMax(v.tileValues()), 112, 112)
            .box(28, 56, 28, 28)
            .scale(2)
            .render();

    assertThat(pixels(coarse)).containsExactly(pixels(fine));
    int mapX = 112 * 2 + Heatmap.GAP;
    assertThat(coarse.getRGB(mapX + 2 * 40, 2 * 70) & 0xFFFFFF)
        .isEqualTo(Colormap.INFERNO.rgb(1.0));
  }

  @Test
  void refusesImagesSmallerThanATileNamingWhichOne() {
    TiledDetector tiled =
        TiledDetector.of(Detector.of(scorer, null), TileLayout.of(GRAY), TileAggregate.MAX);
    RasterImage ok = Mosaics.of(Mosaics.normalPatches(1, 4, 28), 2, 2);
    RasterImage narrow = new RasterImage(20, 60, 1, new byte[20 * 60]);
    assertThatThrownBy(() -> tiled.judge(List.of(ok, narrow)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "image 1: image of 20 x 60 pixels is smaller than the 28 x 28 tile; resize it to the"
                + " model input instead of tiling it");
    assertThatThrownBy(
            () ->
                TiledDetector.of(
                    Detector.of(scorer, null), new TileLayout(14, 14, 14, 14), TileAggregate.MAX))
        .hasMessage("layout tiles are 14 x 14, the model input is 28 x 28");
  }

  private Calibration singleCalibration(int n) {
    List<byte[]> normal = Mosaics.normalPatches(99, n, 28).stream().map(GRAY::toChw).toList();
    ScoreTable table = scorer.score(normal, scorer.available());
    return Calibrator.calibrate(
        bundle.manifest(), table, DecisionScore.single(Score.BPD), 0.05, "sha256:normal", null);
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
