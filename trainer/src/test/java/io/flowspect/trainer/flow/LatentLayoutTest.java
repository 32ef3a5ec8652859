package io.flowspect.trainer.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.local.FlowLatentLayout;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.Family;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Core's {@link FlowLatentLayout}, which turns an exported flow's {@code z} into the {@code
 * flow_energy} map, against the latent {@link MultiScaleFlow} really writes.
 *
 * <p>At initialisation every coupling's output layer and every split prior are zero, so the flow
 * mixes values only inside the blocks its squeezes make: changing one pixel can move only the
 * latent cells that cover it, one per level. A layout that put levels, channels, rows or columns
 * anywhere else would see other cells move.
 */
class LatentLayoutTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} x {1} x {2}, {3} levels, pixel ({6}, {5}) of channel {4}")
  @CsvSource({"1, 8, 12, 2, 0, 5, 9", "1, 16, 8, 3, 0, 13, 2", "3, 8, 8, 2, 1, 6, 3"})
  void aOnePixelChangeMovesExactlyTheCellsCoveringItAtEveryLevel(
      int channels, int height, int width, int levels, int channel, int y, int x) {
    InputSpec spec = new InputSpec(channels, height, width, ResizeMode.RESIZE);
    DensityNetwork model =
        (DensityNetwork)
            Architecture.of(
                    Family.GLOW,
                    spec,
                    Map.of("levels", levels, "steps", 2, "hidden", 8, "seed", 3L))
                .build();
    Path out = dir.resolve("glow-" + levels);
    try (ParamStore store = ParamStore.initialise(model.parameters(), 7)) {
      BundleExporter.export(
          model,
          store,
          out,
          new BundleExporter.Details("layout", "1", "sha256:00", Map.of(), Map.of()));
    }
    byte[] base = new byte[spec.dims()];
    new SplittableRandom(levels).nextBytes(base);
    byte[] moved = base.clone();
    moved[(channel * height + y) * width + x] ^= (byte) 0x80;

    Bundle bundle = Bundle.open(out);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu());
        DensityModel density = DensityModel.open(bundle, OnnxOptions.cpu())) {
      FlowLatentLayout layout = scorer.latentLayout().orElseThrow();
      assertThat(layout).isEqualTo(FlowLatentLayout.of(spec, levels));
      assertThat(scorer.defaultMap()).contains(MapKind.FLOW_ENERGY);
      float[][] z =
          density
              .score(
                  new float[][] {InputSpec.toFloats(base), InputSpec.toFloats(moved)}, true, false)
              .latent();
      double[][] before = layout.cellEnergies(z[0]);
      double[][] after = layout.cellEnergies(z[1]);
      for (FlowLatentLayout.Level level : layout.levels()) {
        int l = level.index();
        for (int k = 0; k < before[l].length; k++) {
          int row = k / level.width();
          int column = k % level.width();
          boolean covers = row == y / level.cell() && column == x / level.cell();
          boolean changed = Math.abs(after[l][k] - before[l][k]) > 1e-5 * (1 + before[l][k]);
          assertThat(changed)
              .as("level %d cell (%d, %d) changed", l, column, row)
              .isEqualTo(covers);
        }
      }

      ScoreTable table =
          scorer.score(
              ScoreRequest.of(List.of(base, moved), Set.of(Score.LOG_PX))
                  .withMap(MapKind.FLOW_ENERGY));
      float[][] maps = table.maps().values();
      for (int i = 0; i < 2; i++) {
        double sum = 0;
        for (float v : maps[i]) {
          sum += v;
        }
        double energy = layout.energy(z[i]);
        assertThat(sum).isCloseTo(energy, within(1e-5 * energy));
      }
      // The map moves only inside the coarsest cell covering the pixel.
      int coarsest = layout.levels().get(levels - 1).cell();
      for (int p = 0; p < height * width; p++) {
        boolean inside =
            p / width / coarsest == y / coarsest && p % width / coarsest == x / coarsest;
        if (!inside) {
          assertThat(maps[1][p]).as("pixel %d", p).isCloseTo(maps[0][p], within(1e-4f));
        }
      }
    }
  }
}
