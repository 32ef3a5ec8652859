package io.flowspect.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileGridTest {

  private static BufferedImage solid(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  @Test
  void tilesSitInCellsWithCaptionsBelow(@TempDir Path dir) throws Exception {
    List<TileGrid.Tile> tiles =
        List.of(
            new TileGrid.Tile(solid(20, 10, 0xFF0000), "#1\n9.87 bits/dim"),
            new TileGrid.Tile(solid(20, 10, 0x00FF00), "#2"),
            new TileGrid.Tile(solid(20, 10, 0x0000FF), ""));
    Path file = dir.resolve("grid.png");

    TileGrid.write("", tiles, 2, file);

    BufferedImage image = Pixels.decode(Files.readAllBytes(file));
    // 2 columns of cells 60 wide (the minimum) with 12-pixel padding: 12 + 2 * (60 + 12)
    assertThat(image.getWidth()).isEqualTo(156);
    // cell 0 starts at (12, 12), the 20-pixel tile centred in it at x = 12 + 20
    assertThat(image.getRGB(32 + 5, 12 + 5) & 0xFFFFFF).isEqualTo(0xFF0000);
    assertThat(image.getRGB(12 + 72 + 20 + 5, 12 + 5) & 0xFFFFFF).isEqualTo(0x00FF00);
    assertThat(image.getRGB(31, 12 + 5) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    // two caption lines under row 0: dark text pixels below the tile
    int dark = 0;
    for (int y = 12 + 10; y < 12 + 10 + 40; y++) {
      for (int x = 12; x < 72; x++) {
        dark += (image.getRGB(x, y) & 0xFF) < 128 ? 1 : 0;
      }
    }
    assertThat(dark).isGreaterThan(20);
  }

  @Test
  void preconditionsNameTheArgument() {
    assertThatThrownBy(() -> TileGrid.render("t", List.of(), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tiles must hold at least one tile");
    assertThatThrownBy(
            () -> TileGrid.render("t", List.of(new TileGrid.Tile(solid(1, 1, 0), "")), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("columns must be at least 1, got 0");
  }
}
