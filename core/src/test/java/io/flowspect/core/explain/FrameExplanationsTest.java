package io.flowspect.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.detect.FrameVerdict;
import io.flowspect.core.frames.FrameBenchmark;
import io.flowspect.core.frames.FrameMaker;
import io.flowspect.core.frames.MadeFrame;
import io.flowspect.core.frames.Surface;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.DefectMask;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A frame's heatmap is the finest resolution whose PNG fits the alert's byte limit. */
class FrameExplanationsTest {

  private static BufferedImage heatmap(int side, int maxBytes) throws Exception {
    MadeFrame made =
        new FrameMaker(Surface.FABRIC, FrameBenchmark.material(1, Surface.FABRIC), side, side)
            .good(3);
    float[] map = new float[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        map[y * side + x] = (float) Math.exp(-((x - 20) * (x - 20) + (y - 30) * (y - 30)) / 50.0);
      }
    }
    FrameVerdict verdict =
        new FrameVerdict(
            1,
            2,
            0.5,
            false,
            List.of(),
            side,
            side,
            map,
            DefectMask.of(new boolean[side * side], side),
            Map.of(),
            Map.of(),
            null);
    Explanation e =
        FrameExplanations.of(
            new RasterImage(side, side, 3, made.rgb()),
            verdict,
            "flow_energy",
            new ExplainOptions(10, true, 1, maxBytes));
    byte[] png = Base64.getDecoder().decode(e.heatmapPng());
    assertThat(png.length).isLessThanOrEqualTo(maxBytes);
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  @Test
  void aSmallFrameIsDrawnAtFullResolution() throws Exception {
    assertThat(heatmap(64, 65536).getWidth())
        .isEqualTo(2 * 64 + io.flowspect.core.report.Heatmap.GAP);
  }

  @Test
  void aLargeTexturedFrameIsSubsampledUntilItsPngFits() throws Exception {
    BufferedImage image = heatmap(256, 65536);
    // Full resolution (289 KB as PNG) cannot fit 64 KB; half or a quarter does.
    assertThat(image.getWidth()).isIn(2 * 128 + 4, 2 * 64 + 4);
    assertThat(heatmap(256, 400_000).getWidth())
        .as("a generous limit keeps every pixel")
        .isEqualTo(2 * 256 + 4);
  }
}
