package io.flowspect.core.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The patch channel of a frame's evidence is each tile's own NLL per pixel: exact for a flow
 * ({@code log_px}), the bound for a VAE ({@code elbo}, up to its sampling noise). Checked on tiles
 * that partition the frame, where the stitching leaves each tile's value untouched.
 */
class FrameMapperTest {

  private static final Path MODELS = Path.of("..", "models");

  @ParameterizedTest
  @CsvSource({"fmnist-glow, log_px, flow_energy, 1e-4", "fmnist-vae, elbo, pixel_nll, 0.15"})
  void thePatchChannelIsEachTilesNllPerPixel(
      String model, String score, String map, double tolerance) throws Exception {
    Bundle bundle = Bundle.open(MODELS.resolve(model));
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      TileLayout layout = new TileLayout(28, 28, 28, 28);
      FrameMapper mapper = new FrameMapper(scorer, MapKind.of(map), layout);
      byte[] pixels = new byte[56 * 56];
      SplittableRandom random = new SplittableRandom(2);
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) (random.nextDouble() < 0.3 ? random.nextInt(256) : 0);
      }
      RasterImage frame = new RasterImage(56, 56, 1, pixels);
      FrameEvidence evidence = mapper.maps(List.of(frame), n -> {}).get(0);
      Tiling tiling = layout.tile(56, 56);
      List<byte[]> tiles = new ArrayList<>();
      for (RasterImage tile : tiling.cut(frame)) {
        tiles.add(scorer.input().toChw(tile));
      }
      double[] own =
          scorer
              .score(ScoreRequest.of(tiles, Set.of(Score.of(score))).withMap(MapKind.of(map)))
              .column(Score.of(score));
      int[][] corners = {{0, 0}, {28, 0}, {0, 28}, {28, 28}};
      for (int t = 0; t < 4; t++) {
        int p = corners[t][1] * 56 + corners[t][0];
        // A VAE's bound is estimated from posterior samples that differ from call to call (here
        // by about 0.08 nats per pixel); a flow's log-likelihood is exact.
        assertThat((double) evidence.patch()[p]).isCloseTo(-own[t] / 784, within(tolerance));
        assertThat(Float.isFinite(evidence.pixel()[p])).isTrue();
      }
    }
  }
}
