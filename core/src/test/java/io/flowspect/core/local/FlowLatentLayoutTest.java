package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxTestModels;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowLatentLayoutTest {

  private static final InputSpec FMNIST = new InputSpec(1, 28, 28, ResizeMode.RESIZE);

  private static float[] gaussian(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] z = new float[n];
    for (int i = 0; i < n; i++) {
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      z[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    return z;
  }

  @Test
  void twoLevelsOnFashionMnistAreTwoByFourteenSquaredThenEightBySevenSquared() {
    FlowLatentLayout layout = FlowLatentLayout.of(FMNIST, 2);
    assertThat(layout.levels())
        .containsExactly(
            new FlowLatentLayout.Level(0, 2, 14, 14, 0, 2),
            new FlowLatentLayout.Level(1, 8, 7, 7, 392, 4));
    assertThat(layout.levels().get(1).index(0, 0, 0)).isEqualTo(392);
    assertThat(layout.levels().get(0).index(1, 2, 3)).isEqualTo(196 + 2 * 14 + 3);
    assertThat(layout).hasToString("FlowLatentLayout[2x14x14, 8x7x7]");
  }

  @Test
  void everyLevelHalvesTheSideAndTheLevelsFillTheInput() {
    // Non-square, colour, three levels: C_l = 3 * 2^(l+1) below the top, 3 * 2^(l+2) at it.
    InputSpec rgb = new InputSpec(3, 16, 24, ResizeMode.RESIZE);
    FlowLatentLayout layout = FlowLatentLayout.of(rgb, 3);
    assertThat(layout.levels())
        .containsExactly(
            new FlowLatentLayout.Level(0, 6, 8, 12, 0, 2),
            new FlowLatentLayout.Level(1, 12, 4, 6, 576, 4),
            new FlowLatentLayout.Level(2, 48, 2, 3, 864, 8));
    assertThat(864 + 48 * 2 * 3).isEqualTo(rgb.dims());
    // One level: everything is factored out at the top, 4C channels of H/2 x W/2.
    assertThat(FlowLatentLayout.of(FMNIST, 1).levels())
        .containsExactly(new FlowLatentLayout.Level(0, 4, 14, 14, 0, 2));
  }

  @Test
  void eachLatentValueComesFromThePixelsOfItsCellWhenTheImageIsSqueezedAndFactoredOut() {
    for (InputSpec spec :
        new InputSpec[] {
          FMNIST,
          new InputSpec(3, 16, 24, ResizeMode.RESIZE),
          new InputSpec(1, 8, 16, ResizeMode.RESIZE)
        }) {
      for (int levels = 1; levels <= 3; levels++) {
        if (spec.height() % (1 << levels) != 0 || spec.width() % (1 << levels) != 0) {
          continue;
        }
        FlowLatentLayout layout = FlowLatentLayout.of(spec, levels);
        int[] order = OnnxTestModels.squeezeOrder(spec, levels);
        assertThat(java.util.Arrays.stream(order).sorted().toArray())
            .as("a permutation")
            .isEqualTo(java.util.stream.IntStream.range(0, spec.dims()).toArray());
        int hw = spec.height() * spec.width();
        for (FlowLatentLayout.Level level : layout.levels()) {
          for (int c = 0; c < level.channels(); c++) {
            for (int i = 0; i < level.height(); i++) {
              for (int j = 0; j < level.width(); j++) {
                int pixel = order[level.index(c, i, j)] % hw;
                assertThat(pixel / spec.width() / level.cell())
                    .as("%s, %d levels, level %d cell (%d, %d)", spec, levels, level.index(), i, j)
                    .isEqualTo(i);
                assertThat(pixel % spec.width() / level.cell()).isEqualTo(j);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void refusesLevelsThatDoNotDivideTheInput() {
    assertThatThrownBy(() -> FlowLatentLayout.of(FMNIST, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 levels")
        .hasMessageContaining("divisible by 8")
        .hasMessageContaining("28 x 28");
    assertThatThrownBy(() -> FlowLatentLayout.of(FMNIST, 0))
        .hasMessageContaining("levels must be in 1..30, got 0");
  }

  @Test
  void theMapSumsToTheLatentEnergy() {
    for (int levels = 1; levels <= 2; levels++) {
      FlowLatentLayout layout = FlowLatentLayout.of(FMNIST, levels);
      float[] z = gaussian(FMNIST.dims(), levels);
      float[] map = layout.energyMap(z);
      assertThat(map).hasSize(28 * 28);
      double sum = 0;
      for (float v : map) {
        sum += v;
        assertThat(v).isNotNegative();
      }
      double energy = 0;
      for (float v : z) {
        energy += 0.5 * v * v;
      }
      assertThat(layout.energy(z)).isCloseTo(energy, within(1e-9));
      assertThat(sum).isCloseTo(energy, within(1e-6 * energy));
      double[][] cells = layout.cellEnergies(z);
      double cellSum = 0;
      for (double[] level : cells) {
        for (double e : level) {
          cellSum += e;
        }
      }
      assertThat(cellSum).isCloseTo(energy, within(1e-9));
    }
  }

  @Test
  void aLatentValueLightsExactlyTheBlockItsCellCovers() {
    InputSpec spec = new InputSpec(1, 8, 12, ResizeMode.RESIZE);
    FlowLatentLayout layout = FlowLatentLayout.of(spec, 2);
    for (FlowLatentLayout.Level level : layout.levels()) {
      int row = level.height() - 1;
      int column = 1;
      float[] z = new float[spec.dims()];
      z[level.index(level.channels() - 1, row, column)] = 4f;
      float[] map = layout.energyMap(z);
      int side = level.cell();
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 12; x++) {
          boolean inside = y / side == row && x / side == column;
          assertThat(map[y * 12 + x])
              .as("level %d, pixel (%d, %d)", level.index(), x, y)
              .isEqualTo(inside ? 8f / (side * side) : 0f);
        }
      }
    }
  }

  @Test
  void batchesBecomeFlowEnergyMaps() {
    FlowLatentLayout layout = FlowLatentLayout.of(FMNIST, 2);
    float[][] z = {gaussian(784, 5), gaussian(784, 6)};
    EvidenceMaps maps = layout.energyMaps(z);
    assertThat(maps.kind()).isEqualTo(MapKind.FLOW_ENERGY);
    assertThat(maps.height()).isEqualTo(28);
    assertThat(maps.values()[1]).containsExactly(layout.energyMap(z[1]));
    assertThatThrownBy(() -> layout.energyMap(new float[783]))
        .hasMessageContaining("784 values, got 783");
    assertThatThrownBy(() -> EvidenceMaps.of(MapKind.FLOW_ENERGY, FMNIST, z, null))
        .hasMessageContaining("FlowLatentLayout.energyMaps");
  }

  @Test
  void readsTheLevelsOfMultiScaleFlowBundlesOnly() {
    Manifest base = OnnxTestModels.sampleManifest(FMNIST);
    assertThat(FlowLatentLayout.of(with(base, "glow", 2))).get().isEqualTo(layoutOf(2));
    assertThat(FlowLatentLayout.of(with(base, "RealNVP", 2.0))).isPresent();
    assertThat(FlowLatentLayout.of(with(base, "nice", 1L))).isPresent();
    assertThat(FlowLatentLayout.of(with(base, "pixelcnn", 2))).isEmpty();
    assertThat(FlowLatentLayout.of(with(base, "maf", 2))).isEmpty();
    assertThat(FlowLatentLayout.of(with(base, "glow", null))).isEmpty();
    assertThat(FlowLatentLayout.of(with(base, "glow", 1.5))).isEmpty();
    assertThatThrownBy(() -> FlowLatentLayout.of(with(base, "glow", 3)))
        .hasMessageContaining("bundle test-bundle (glow)")
        .hasMessageContaining("divisible by 8");
  }

  private static FlowLatentLayout layoutOf(int levels) {
    return FlowLatentLayout.of(FMNIST, levels);
  }

  private static Manifest with(Manifest m, String family, Object levels) {
    Map<String, Object> hp = new HashMap<>(m.hyperparameters());
    if (levels != null) {
      hp.put(FlowLatentLayout.LEVELS, levels);
    }
    return new Manifest(
        m.formatVersion(),
        m.id(),
        family,
        m.version(),
        m.createdAt(),
        m.input(),
        m.graphs(),
        m.trainingFingerprint(),
        m.metrics(),
        hp,
        m.training(),
        m.defaultScore(),
        m.background(),
        m.files(),
        null);
  }
}
