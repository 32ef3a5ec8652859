package io.flowspect.core.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.ResizeMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileLayoutTest {

  private static final InputSpec SPEC = new InputSpec(1, 28, 28, ResizeMode.RESIZE);

  @Test
  void strideOfTheTileSizeAddsAnEdgeAlignedLastTile() {
    TileLayout layout = TileLayout.of(SPEC);
    assertThat(layout).isEqualTo(new TileLayout(28, 28, 28, 28));
    assertThat(layout.overlaps()).isFalse();
    Tiling t = layout.tile(100, 60);
    assertThat(t.originsX()).containsExactly(0, 28, 56, 72);
    assertThat(t.originsY()).containsExactly(0, 28, 32);
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.cols()).isEqualTo(4);
    assertThat(t.count()).isEqualTo(12);
    assertThat(t.partitions()).isFalse(); // the edge tiles overlap their neighbours
    assertThat(t.tile(7)).isEqualTo(new Tile(1, 3, 72, 28, 28, 28));
    assertThat(t.tile(2, 3)).isEqualTo(new Tile(2, 3, 72, 32, 28, 28));
  }

  @Test
  void smallerStridesOverlap() {
    TileLayout layout = TileLayout.of(SPEC, 14);
    assertThat(layout.overlaps()).isTrue();
    assertThat(layout.originsX(100)).containsExactly(0, 14, 28, 42, 56, 70, 72);
    assertThat(layout.originsY(60)).containsExactly(0, 14, 28, 32);
    // a side that is a multiple of the stride needs no edge tile
    assertThat(layout.originsX(56)).containsExactly(0, 14, 28);
  }

  @Test
  void anImageOfExactlyOneTileHasOneTileAndMultiplesPartition() {
    TileLayout layout = TileLayout.of(SPEC);
    assertThat(layout.tile(28, 28).tiles()).containsExactly(new Tile(0, 0, 0, 0, 28, 28));
    assertThat(layout.largerThanTile(28, 28)).isFalse();
    assertThat(layout.largerThanTile(29, 29)).isTrue();
    assertThat(layout.largerThanTile(300, 20)).isFalse();
    Tiling grid = layout.tile(112, 84);
    assertThat(grid.partitions()).isTrue();
    assertThat(grid.originsX()).containsExactly(0, 28, 56, 84);
    assertThat(grid.originsY()).containsExactly(0, 28, 56);
  }

  @Test
  void refusesImagesSmallerThanATileNamingBothSizes() {
    TileLayout layout = TileLayout.of(SPEC);
    assertThatThrownBy(() -> layout.tile(20, 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "image of 20 x 60 pixels is smaller than the 28 x 28 tile; resize it to the model"
                + " input instead of tiling it");
    assertThatThrownBy(() -> layout.tile(100, 27))
        .hasMessageContaining("100 x 27")
        .hasMessageContaining("28 x 28");
  }

  @Test
  void refusesStridesThatWouldLeavePixelsUnscored() {
    assertThatThrownBy(() -> TileLayout.of(SPEC, 29))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stride must be in 1..28 (the smaller side of the 28 x 28 tile), got 29");
    assertThatThrownBy(() -> new TileLayout(28, 14, 28, 0))
        .hasMessage("strideY must be in 1..14 (the tile height), got 0");
  }

  @Test
  void cutsTilesOutOfInterleavedRgb() {
    // 3 x 2 RGB image; sample value = 10 * (y * 3 + x) + channel
    byte[] px = new byte[3 * 2 * 3];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        for (int c = 0; c < 3; c++) {
          px[(y * 3 + x) * 3 + c] = (byte) (10 * (y * 3 + x) + c);
        }
      }
    }
    RasterImage image = new RasterImage(3, 2, 3, px);
    List<RasterImage> tiles = new TileLayout(2, 2, 1, 1).tile(3, 2).cut(image);
    assertThat(tiles).hasSize(2);
    assertThat(tiles.get(1).pixels())
        .containsExactly(10, 11, 12, 20, 21, 22, 40, 41, 42, 50, 51, 52);
  }

  @Test
  void pixelMaxTakesTheHottestCoveringTile() {
    Tiling t = new TileLayout(2, 1, 1, 1).tile(3, 1); // tiles [0,2) and [1,3)
    assertThat(t.pixelMax(new double[] {5, 3})).containsExactly(5f, 5f, 3f);
    assertThat(t.pixelMax(new double[] {Double.NaN, 3})).containsExactly(Float.NaN, 3f, 3f);
  }
}
