package io.flowspect.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.TestImages;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.ScoreTable;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An alert's heatmap is the evidence map its decision was calibrated on: the reference PixelCNN's
 * calibration reads the pixel-level likelihood ratio ({@code pixel_llr}, against its background
 * model), so its alerts draw that map, not the raw per-pixel NLL its graph also gives.
 */
class DecisionMapExplainerTest {

  private static final Path PIXELCNN = Path.of("..", "models", "fmnist-pixelcnn");

  @Test
  void alertsDrawTheMapTheDecisionWasCalibratedOn() {
    assertThat(PIXELCNN.resolve("calibration.json")).as("the committed reference bundle").exists();
    try (Detector detector = Detector.open(Bundle.open(PIXELCNN), OnnxOptions.cpu())) {
      assertThat(detector.mapKind()).isEqualTo(MapKind.PIXEL_LLR);
      Explainer explainer = Explainers.forDetector(detector, ExplainOptions.defaults());

      List<byte[]> images = images(3);
      ScoreTable table = detector.score(images, detector.scorer().available());
      int[] rows = {0, 2};
      List<Explanation> explained =
          explainer.explainAll(
              List.of(images.get(0), images.get(2)), detector.scorer().input(), table, rows);

      float[][] llr = detector.scorer().maps(images, MapKind.PIXEL_LLR).values();
      for (int k = 0; k < rows.length; k++) {
        Explanation e = explained.get(k);
        assertThat(e.method()).isEqualTo("pixel_llr");
        assertThat(e.hottest()).isNotEmpty();
        float[] map = llr[rows[k]];
        float max = Float.NEGATIVE_INFINITY;
        for (float v : map) {
          max = Math.max(max, v);
        }
        HotPixel hottest = e.hottest().get(0);
        assertThat(hottest.value()).isEqualTo(max);
        assertThat(map[hottest.y() * 28 + hottest.x()]).isEqualTo(max);
        assertThat(e.heatmapPng()).isNotNull();
      }
    }
  }

  /** Dark garment-like images with a bright square, as a line camera might send. */
  private static List<byte[]> images(int n) {
    return TestImages.squares(n, 11, 40, 8, 4, 12, 3, i -> true);
  }
}
