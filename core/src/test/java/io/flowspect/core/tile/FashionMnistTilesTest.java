package io.flowspect.core.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowspect.core.data.IdxFile;
import io.flowspect.core.data.IdxImages;
import io.flowspect.core.defect.Defect;
import io.flowspect.core.defect.DefectGenerator;
import io.flowspect.core.defect.DefectKind;
import io.flowspect.core.defect.Severity;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.score.PngCompressor;
import io.flowspect.core.score.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiling real Fashion-MNIST test images (where Debian's {@code dataset-fashion-mnist} is installed)
 * into 112 x 112 mosaics with one synthetic defect.
 *
 * <p>The model is the linear test density, which knows brightness and nothing else, so it cannot
 * tell a noise patch on a garment from a brighter garment: among 16 different garments the
 * defective tile is rarely the hottest (about chance). What is tested on real pixels is therefore
 * the tiling itself: every tile's value is exactly the value of its source image scored alone, and,
 * on a web of one product (a line camera seeing the same item over and over), a hole is found and
 * boxed in every mosaic. Ranking defects among different garments needs a trained bundle.
 */
class FashionMnistTilesTest {

  private static final Path TEST_IMAGES =
      Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
  private static final InputSpec GRAY = new InputSpec(1, 28, 28, ResizeMode.RESIZE);

  private static IdxImages images;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    assumeTrue(Files.isRegularFile(TEST_IMAGES), "Fashion-MNIST test images are not installed");
    images = IdxFile.readImages(TEST_IMAGES);
  }

  @Test
  void everyTileOfARealMosaicScoresAsItsSourceImageAlone() {
    float[] brighterIsUnlikely = OnnxTestModels.quarterWeights(GRAY.dims());
    DefectGenerator defects = new DefectGenerator(GRAY, 2026);
    try (Scorer scorer = open("bright", brighterIsUnlikely)) {
      Detector detector = Detector.of(scorer, null);
      TiledDetector tiled = TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.MAX);
      List<RasterImage> mosaics = new ArrayList<>();
      List<List<RasterImage>> sources = new ArrayList<>();
      for (int m = 0; m < 6; m++) {
        List<RasterImage> patches = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          patches.add(images.image(m * 16 + t));
        }
        int target = (m * 7) % 16;
        Defect d =
            defects.apply(
                GRAY.toChw(patches.get(target)), DefectKind.NOISE_PATCH, Severity.STRONG, m);
        patches.set(target, new RasterImage(28, 28, 1, d.image()));
        sources.add(patches);
        mosaics.add(Mosaics.of(patches, 4, 4));
      }

      List<TiledVerdict> verdicts = tiled.judge(mosaics);

      for (int m = 0; m < mosaics.size(); m++) {
        double[] alone = detector.judge(sources.get(m).stream().map(GRAY::toChw).toList()).values();
        TiledVerdict v = verdicts.get(m);
        assertThat(v.tileValues()).as("mosaic %d", m).containsExactly(alone);
        double max = Arrays.stream(alone).max().orElseThrow();
        assertThat(v.value()).isEqualTo(max);
        assertThat(alone[v.hottest()]).isEqualTo(max);
      }
    }
  }

  @Test
  void aHoleInAWebOfOneProductIsTheHottestTileInEveryMosaic() {
    // darker is less likely: a hole down to the black background is improbable fabric
    float[] darkerIsUnlikely = new float[GRAY.dims()];
    Arrays.fill(darkerIsUnlikely, -0.25f);
    DefectGenerator defects = new DefectGenerator(GRAY, 7);
    try (Scorer scorer = open("dark", darkerIsUnlikely)) {
      Detector detector = Detector.of(scorer, null);
      TiledDetector tiled = TiledDetector.of(detector, TileLayout.of(GRAY), TileAggregate.MAX);
      List<RasterImage> mosaics = new ArrayList<>();
      List<Integer> targets = new ArrayList<>();
      List<RasterImage> clean = new ArrayList<>();
      List<RasterImage> holed = new ArrayList<>();
      for (int m = 0; m < 12; m++) {
        RasterImage product = images.image(100 + m);
        Defect d = defects.apply(GRAY.toChw(product), DefectKind.HOLE, Severity.STRONG, m);
        RasterImage withHole = new RasterImage(28, 28, 1, d.image());
        int target = (m * 5 + 3) % 16;
        List<RasterImage> web = new ArrayList<>(Collections.nCopies(16, product));
        web.set(target, withHole);
        mosaics.add(Mosaics.of(web, 4, 4));
        targets.add(target);
        clean.add(product);
        holed.add(withHole);
      }

      List<TiledVerdict> verdicts = tiled.judge(mosaics);

      double[] cleanValues = detector.judge(clean.stream().map(GRAY::toChw).toList()).values();
      double[] holedValues = detector.judge(holed.stream().map(GRAY::toChw).toList()).values();
      for (int m = 0; m < mosaics.size(); m++) {
        TiledVerdict v = verdicts.get(m);
        int target = targets.get(m);
        assertThat(v.hottest()).as("mosaic %d", m).isEqualTo(target);
        assertThat(v.hottestTile())
            .isEqualTo(
                new Tile(target / 4, target % 4, 28 * (target % 4), 28 * (target / 4), 28, 28));
        assertThat(v.value()).isEqualTo(holedValues[m]).isGreaterThan(cleanValues[m]);
        for (int t = 0; t < 16; t++) {
          if (t != target) {
            assertThat(v.tileValues()[t]).isEqualTo(cleanValues[m]);
          }
        }
      }
    }
  }

  private Scorer open(String name, float[] weights) {
    return Scorer.open(
        OnnxTestModels.densityBundle(dir.resolve(name), GRAY, weights, null, "bpd"),
        OnnxOptions.cpu(),
        PngCompressor.INSTANCE,
        1024);
  }
}
