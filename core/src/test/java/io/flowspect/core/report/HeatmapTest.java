package io.flowspect.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HeatmapTest {

  private static final int TOP = 0xFCFFA4;
  private static final int BOTTOM = 0x000004;

  /** A 4 x 4 gray image of level 100 with a 2 x 2 tile map: cold top-left, hot bottom-right. */
  private static Heatmap tiles() {
    byte[] gray = new byte[16];
    java.util.Arrays.fill(gray, (byte) 100);
    return Heatmap.of(gray, 1, 4, 4, new float[] {0, 1, 2, 3}, 2, 2);
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  @Test
  void hotTileHasTheTopColourAndColdTileTheBottomColour() {
    BufferedImage image = Pixels.decode(tiles().scale(10).png());

    int mapX = 40 + Heatmap.GAP;
    assertThat(image.getWidth()).isEqualTo(2 * 40 + Heatmap.GAP);
    assertThat(image.getHeight()).isEqualTo(40);
    // tile (row 1, col 1) covers image pixels 2..3 both ways, screen pixels 20..39 of the panel
    assertThat(rgb(image, mapX + 30, 30)).isEqualTo(TOP);
    assertThat(rgb(image, mapX + 39, 39)).isEqualTo(TOP);
    assertThat(rgb(image, mapX + 5, 5)).isEqualTo(BOTTOM);
    // value 1 of 0..3 is a third of the way: entry round(255 / 3) = 85
    assertThat(rgb(image, mapX + 25, 5)).isEqualTo(Colormap.INFERNO.rgb(85 / 255.0));
    // the image panel and the gap
    assertThat(rgb(image, 30, 30)).isEqualTo(0x646464);
    assertThat(rgb(image, 41, 10)).isEqualTo(0xFFFFFF);
  }

  @Test
  void fixedRangeClampsAndOverlayBlendsWithTheImage() {
    BufferedImage image = tiles().range(0, 1).overlay(0.5).imagePanel(false).render();

    assertThat(image.getWidth()).isEqualTo(4);
    // value 3 is above the range: top colour (252, 255, 164) half over gray 100
    // = (176, 177.5 -> 178, 132)
    assertThat(rgb(image, 3, 3)).isEqualTo(0xB0B284);
    // value 0: bottom colour (0, 0, 4) half over 100 = (50, 50, 52)
    assertThat(rgb(image, 0, 0)).isEqualTo(0x323234);
  }

  @Test
  void perPixelRgbMapWithBoxAndNanShowingTheImage() {
    // 3 x 2 RGB image: every pixel (10, 20, 30); per-pixel map with one NaN
    byte[] chw = new byte[18];
    java.util.Arrays.fill(chw, 0, 6, (byte) 10);
    java.util.Arrays.fill(chw, 6, 12, (byte) 20);
    java.util.Arrays.fill(chw, 12, 18, (byte) 30);
    float[] map = {0, 5, Float.NaN, 10, 10, 10};

    BufferedImage image = Heatmap.of(chw, 3, 2, 3, map, 2, 3).scale(4).box(1, 0, 1, 1).render();

    int mapX = 12 + Heatmap.GAP;
    assertThat(rgb(image, mapX + 1, 1)).isEqualTo(BOTTOM);
    assertThat(rgb(image, mapX + 1, 5)).isEqualTo(TOP);
    assertThat(rgb(image, mapX + 9, 1)).isEqualTo(0x0A141E); // NaN: the image shows through
    // box around image pixel (1, 0): screen pixels 4..7, 1 pixel thick at scale 4, both panels
    assertThat(rgb(image, mapX + 4, 0)).isEqualTo(Heatmap.BOX_RGB);
    assertThat(rgb(image, mapX + 7, 3)).isEqualTo(Heatmap.BOX_RGB);
    assertThat(rgb(image, mapX + 5, 1)).isEqualTo(Colormap.INFERNO.rgb(0.5)); // inside the box
    assertThat(rgb(image, 4, 0)).isEqualTo(Heatmap.BOX_RGB);
  }

  @Test
  void sumChannelsAddsThePlanes() {
    float[] chw = {1, 2, 10, 20, 100, 200};

    assertThat(Heatmap.sumChannels(chw, 3, 1, 2)).containsExactly(111, 222);
  }

  @Test
  void preconditionsNameTheArgument() {
    assertThatThrownBy(() -> Heatmap.of(new byte[4], 1, 2, 2, new float[9], 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("map must be 1..2 rows by 1..2 columns (no finer than the image), got 3 x 3");
    assertThatThrownBy(() -> tiles().box(3, 3, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("box must lie within the 4 x 4 image, got x 3, y 3, w 2, h 1");
    assertThatThrownBy(() -> tiles().range(1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range must be finite with lo < hi, got lo 1.0, hi 1.0");
  }
}
