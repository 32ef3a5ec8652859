package io.flowspect.core.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.TestImages;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Alerts of a flow bundle (the reference Glow) explained by its latent energy, no Quarkus. */
class FlowEnergyExplainerTest {

  private static final Path GLOW = Path.of("..", "models", "fmnist-glow");
  private static final Path PIXELCNN = Path.of("..", "models", "fmnist-pixelcnn");

  /** Dark garment-like images with a bright square that moves from image to image. */
  private static List<byte[]> images(int n) {
    return TestImages.squares(n, 5, 30, 6, 3, 14, 3, i -> true);
  }

  @Test
  void shouldExplainFlowAlertsByTheLatentEnergyOfTheirCells() throws Exception {
    try (Scorer scorer = Scorer.open(Bundle.open(GLOW), OnnxOptions.cpu())) {
      InputSpec spec = scorer.input();
      Explainer explainer = Explainers.forModel(scorer, ExplainOptions.defaults());
      assertThat(explainer).isInstanceOf(FlowEnergyExplainer.class);
      List<byte[]> images = images(4);
      ScoreTable plain = scorer.score(images, Set.of(Score.BPD));
      assertThat(plain.maps()).isNull();

      int[] rows = {1, 3};
      List<Explanation> batch =
          explainer.explainAll(List.of(images.get(1), images.get(3)), spec, plain, rows);
      float[][] maps = scorer.maps(images, MapKind.FLOW_ENERGY).values();
      for (int k = 0; k < rows.length; k++) {
        int row = rows[k];
        Explanation e = batch.get(k);
        assertThat(e).isEqualTo(explainer.explain(images.get(row), spec, plain, row));
        assertThat(e.method()).isEqualTo("flow_energy");
        assertThat(e.unit()).isEqualTo("nats");
        assertThat(e.width()).isEqualTo(28);
        assertThat(e.height()).isEqualTo(28);
        // The hottest cells: one entry per 2 x 2 cell (the map is constant on it), hottest first,
        // the first at the map's maximum.
        float max = Float.NEGATIVE_INFINITY;
        for (float v : maps[row]) {
          max = Math.max(max, v);
        }
        List<HotPixel> hot = e.hottest();
        assertThat(hot).hasSize(10);
        assertThat(hot.get(0).value()).isEqualTo(max);
        for (int i = 0; i < hot.size(); i++) {
          HotPixel h = hot.get(i);
          assertThat(h.x() % 2).isZero();
          assertThat(h.y() % 2).isZero();
          assertThat(h.value()).isEqualTo(maps[row][h.y() * 28 + h.x()]);
          assertThat(maps[row][(h.y() + 1) * 28 + h.x() + 1]).isEqualTo((float) h.value());
          if (i > 0) {
            assertThat(h.value()).isLessThanOrEqualTo(hot.get(i - 1).value());
          }
        }
        BufferedImage picture =
            ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(e.heatmapPng())));
        assertThat(picture.getHeight()).isEqualTo(28 * 4);
        assertThat(picture.getWidth()).isGreaterThan(2 * 28 * 4);
      }

      // When the batch was scored with the maps (a calibration with flow_energy statistics), the
      // explainer uses them as they are and gives the same explanation.
      ScoreTable mapped =
          scorer.score(ScoreRequest.of(images, Set.of(Score.BPD)).withMap(MapKind.FLOW_ENERGY));
      assertThat(explainer.explain(images.get(3), spec, mapped, 3)).isEqualTo(batch.get(1));

      Explanation bare =
          Explainers.forModel(scorer, new ExplainOptions(0, false, 4, 65536))
              .explain(images.get(1), spec, plain, 1);
      assertThat(bare.method()).isEqualTo("flow_energy");
      assertThat(bare.hottest()).isEmpty();
      assertThat(bare.heatmapPng()).isNull();
    }
  }

  @Test
  void shouldKeepPerPixelNllForAutoregressiveBundles() {
    try (Scorer scorer = Scorer.open(Bundle.open(PIXELCNN), OnnxOptions.cpu())) {
      assertThat(Explainers.forModel(scorer, ExplainOptions.defaults()))
          .isInstanceOf(PixelNllExplainer.class);
      List<byte[]> images = images(2);
      ScoreTable table = scorer.score(images, Set.of(Score.BPD));
      Explanation e =
          Explainers.forModel(scorer, ExplainOptions.defaults())
              .explain(images.get(0), scorer.input(), table, 0);
      assertThat(e.method()).isEqualTo("pixel_nll");
      assertThat(e.hottest()).hasSize(10);
    }
  }
}
