package io.flowspect.core.tile;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.ResizeMode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Patches of frames: exact pixels, whole frames held out, and maps stitched without seams. */
class FramePatchesTest {

  private static final Path FIXTURE = Path.of("src", "test", "resources", "frames-tiny", "grid");
  private static final InputSpec PATCH = new InputSpec(3, 16, 16, ResizeMode.RESIZE);

  @Test
  void heldOutFramesLendNoPatchToTraining() {
    FramePatches p = FramePatches.sample(FIXTURE, PATCH, 8, 0.25, 3);
    assertThat(p.heldOutFrames()).hasSize(6);
    assertThat(p.train()).hasSize(18 * 8);
    assertThat(p.validation()).hasSize(6 * 16);
    assertThat(p.frameSizes()).containsExactly("64x64");
    assertThat(p.augmentations()).containsExactly("flip", "rot90");
    Set<String> held = new HashSet<>(p.heldOutFrames());
    for (ImageRecord r : p.train()) {
      assertThat(held).doesNotContain(r.id().substring(0, r.id().indexOf('@')));
      assertThat(r.chw()).hasSize(3 * 16 * 16);
    }
    for (ImageRecord r : p.validation()) {
      assertThat(held).contains(r.id().substring(0, r.id().indexOf('@')));
    }
    // The same seed gives the same split and crops.
    FramePatches again = FramePatches.sample(FIXTURE, PATCH, 8, 0.25, 3);
    assertThat(again.heldOutFrames()).isEqualTo(p.heldOutFrames());
    assertThat(again.train().get(17).chw()).isEqualTo(p.train().get(17).chw());
  }

  @Test
  void aCropIsTheFramesPixelsAndAugmentationsMoveThemExactly() {
    RasterImage frame = noise(40, 30, 3, 1);
    List<ImageRecord> crops =
        PatchSampler.random(List.of("f"), List.of(frame), PATCH, 20, Set.of(), 5);
    for (ImageRecord r : crops) {
      String[] xy = r.id().substring(2).split(",");
      RasterImage cut =
          new Tile(0, 0, Integer.parseInt(xy[0]), Integer.parseInt(xy[1]), 16, 16).cut(frame);
      assertThat(r.chw()).isEqualTo(PATCH.toChw(cut));
    }
    RasterImage small = new RasterImage(2, 2, 1, new byte[] {1, 2, 3, 4});
    assertThat(PatchSampler.mirror(small).pixels()).containsExactly(2, 1, 4, 3);
    // Clockwise: the left column, read bottom to top, becomes the top row.
    assertThat(PatchSampler.turn(small).pixels()).containsExactly(3, 1, 4, 2);
    RasterImage wide = new RasterImage(3, 1, 1, new byte[] {1, 2, 3});
    RasterImage tall = PatchSampler.turn(wide);
    assertThat(tall.width()).isEqualTo(1);
    assertThat(tall.height()).isEqualTo(3);
    assertThat(tall.pixels()).containsExactly(1, 2, 3);
  }

  @Test
  void aConstantMapStitchedFromOverlappingTilesStaysConstant() {
    for (int stride : new int[] {16, 8, 5}) {
      Tiling tiling = new TileLayout(16, 16, stride, stride).tile(61, 45);
      float[][] tiles = new float[tiling.count()][16 * 16];
      for (float[] t : tiles) {
        java.util.Arrays.fill(t, 3.25f);
      }
      float[] map = tiling.blend(tiles);
      assertThat(map).hasSize(61 * 45);
      for (float v : map) {
        assertThat(v).isEqualTo(3.25f);
      }
    }
  }

  @Test
  void stitchingWeighsATilesCentreAboveItsEdge() {
    // Two overlapping tiles disagree: each pixel leans to the tile whose centre is nearer.
    Tiling tiling = new TileLayout(8, 8, 4, 8).tile(12, 8);
    assertThat(tiling.count()).isEqualTo(2);
    float[][] tiles = {new float[64], new float[64]};
    java.util.Arrays.fill(tiles[1], 1f);
    float[] map = tiling.blend(tiles);
    assertThat(map[3 * 12]).isEqualTo(0f); // only the first tile covers x = 0..3
    assertThat(map[3 * 12 + 5]).isLessThan(0.5f); // x = 5: nearer the first tile's centre (4)
    assertThat(map[3 * 12 + 6]).isGreaterThan(0.5f); // x = 6: nearer the second's (8)
    assertThat(map[3 * 12 + 11]).isEqualTo(1f);
  }

  private static RasterImage noise(int w, int h, int c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[w * h * c];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) r.nextInt(256);
    }
    return new RasterImage(w, h, c, px);
  }
}
