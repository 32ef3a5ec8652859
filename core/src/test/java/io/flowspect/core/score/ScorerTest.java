package io.flowspect.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.local.FlowLatentLayout;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxTestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTest {

  private static final InputSpec SPEC = new InputSpec(1, 4, 4, ResizeMode.RESIZE);

  @TempDir Path dir;

  @Test
  void computesEveryScoreFromItsDefinition() {
    float[] model = OnnxTestModels.quarterWeights(16);
    float[] background = new float[16];
    Arrays.fill(background, 0.5f);
    OnnxTestModels.densityBundle(dir.resolve("m/background"), SPEC, background, null, null);
    Bundle bundle =
        OnnxTestModels.densityBundle(dir.resolve("m"), SPEC, model, "background", "llr");
    List<byte[]> images = images(5, 2);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      assertThat(scorer.available())
          .containsExactly(Score.LOG_PX, Score.BPD, Score.LLR, Score.COMPLEXITY, Score.TYPICALITY);
      assertThat(scorer.hasPixelNll()).isTrue();
      ScoreTable table = scorer.score(images, scorer.available());
      for (int i = 0; i < images.size(); i++) {
        float[] x = toFloats(images.get(i));
        double logPx = OnnxTestModels.expectedLogPx(x, model);
        double bpd = -logPx / (16 * Math.log(2));
        assertThat(table.column(Score.LOG_PX)[i]).isEqualTo(logPx);
        assertThat(table.column(Score.BPD)[i]).isCloseTo(bpd, within(1e-12));
        assertThat(table.column(Score.LLR)[i])
            .isEqualTo(logPx - OnnxTestModels.expectedLogPx(x, background));
        assertThat(table.column(Score.COMPLEXITY)[i])
            .isCloseTo(
                bpd - PngCompressor.INSTANCE.bits(images.get(i), SPEC) / 16.0, within(1e-12));
        assertThat(table.column(Score.TYPICALITY)[i]).isCloseTo(Math.abs(bpd - 3.5), within(1e-12));
        assertThat(table.pixelNll()[i][3]).isEqualTo(x[3] * model[3]);
      }
      assertThat(table.anomalyColumn(Score.LLR)[0]).isEqualTo(-table.column(Score.LLR)[0]);
      assertThat(table.anomalyColumn(Score.BPD)[0]).isEqualTo(table.column(Score.BPD)[0]);
    }
  }

  @Test
  void computesOnlyWhatIsAskedAndScoresInChunks() {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    List<byte[]> images = images(11, 3);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      List<Integer> progress = new ArrayList<>();
      ScoreTable all =
          scorer.scoreAll(
              ScoreRequest.of(images, EnumSet.of(Score.BPD, Score.LOG_PX)), 4, progress::add);
      assertThat(progress).containsExactly(4, 8, 11);
      assertThat(all.scores()).containsExactly(Score.LOG_PX, Score.BPD);
      ScoreTable once = scorer.score(images, EnumSet.of(Score.BPD, Score.LOG_PX));
      assertThat(all.column(Score.BPD)).containsExactly(once.column(Score.BPD));
      assertThat(all.pixelNll()[10]).containsExactly(once.pixelNll()[10]);
    }
  }

  @Test
  void refusesScoresTheBundleCannotCompute() {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      assertThat(scorer.available()).doesNotContain(Score.LLR);
      assertThatThrownBy(() -> scorer.score(images(1, 1), EnumSet.of(Score.LLR)))
          .hasMessageContaining("llr")
          .hasMessageContaining("no background model");
      assertThatThrownBy(() -> scorer.score(List.of(new byte[3]), EnumSet.of(Score.BPD)))
          .hasMessageContaining("image 0 has 3 samples")
          .hasMessageContaining("16");
    }
  }

  @Test
  void refusesABackgroundWithAnotherInput() {
    OnnxTestModels.densityBundle(
        dir.resolve("m/bg"),
        new InputSpec(1, 2, 8, ResizeMode.RESIZE),
        OnnxTestModels.quarterWeights(16),
        null,
        null);
    Bundle bundle =
        OnnxTestModels.densityBundle(
            dir.resolve("m"), SPEC, OnnxTestModels.quarterWeights(16), "bg", null);
    assertThatThrownBy(() -> Scorer.open(bundle, OnnxOptions.cpu()))
        .hasMessageContaining("background bundle")
        .hasMessageContaining("has input");
  }

  @Test
  void flowBundlesGiveLatentEnergyMapsAndReadTheLatentOnlyWhenAsked() {
    Bundle bundle = OnnxTestModels.flowBundle(dir.resolve("flow"), SPEC, "glow", 2, 1 / 64f);
    List<byte[]> images = images(5, 4);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu());
        DensityModel model = DensityModel.open(bundle, OnnxOptions.cpu())) {
      assertThat(scorer.hasPixelNll()).isFalse();
      assertThat(scorer.latentLayout()).contains(FlowLatentLayout.of(SPEC, 2));
      assertThat(scorer.supportsMap(MapKind.FLOW_ENERGY)).isTrue();
      assertThat(scorer.supportsMap(MapKind.PIXEL_NLL)).isFalse();
      assertThat(scorer.defaultMap()).contains(MapKind.FLOW_ENERGY);

      ScoreTable plain = scorer.score(images, scorer.available());
      assertThat(plain.maps()).isNull();
      ScoreTable mapped =
          scorer.score(ScoreRequest.of(images, scorer.available()).withMap(MapKind.FLOW_ENERGY));
      assertThat(mapped.maps().kind()).isEqualTo(MapKind.FLOW_ENERGY);
      assertThat(mapped.column(Score.LOG_PX)).containsExactly(plain.column(Score.LOG_PX));
      for (int i = 0; i < images.size(); i++) {
        // log_px of the linear flow is minus the latent energy, and the map sums to it.
        double sum = 0;
        for (float v : mapped.maps().values()[i]) {
          sum += v;
        }
        double energy = -mapped.column(Score.LOG_PX)[i];
        assertThat(sum).isCloseTo(energy, within(1e-5 * energy));
      }

      float[][] rows = {toFloats(images.get(0))};
      assertThat(model.score(rows).latent()).isNull();
      float[] z = model.score(rows, true, false).latent()[0];
      int[] order = OnnxTestModels.squeezeOrder(SPEC, 2);
      for (int k = 0; k < 16; k++) {
        assertThat(z[k]).isEqualTo(rows[0][order[k]] / 64f);
      }
    }
    Bundle autoregressive = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    try (Scorer scorer = Scorer.open(autoregressive, OnnxOptions.cpu());
        DensityModel model = DensityModel.open(autoregressive, OnnxOptions.cpu())) {
      assertThat(scorer.latentLayout()).isEmpty();
      assertThat(scorer.supportsMap(MapKind.FLOW_ENERGY)).isFalse();
      assertThatThrownBy(
              () ->
                  scorer.score(
                      ScoreRequest.of(images, scorer.available()).withMap(MapKind.FLOW_ENERGY)))
          .hasMessageContaining("map flow_energy is not available")
          .hasMessageContaining("available: pixel_nll");
      assertThatThrownBy(() -> model.score(new float[][] {new float[16]}, true, false))
          .hasMessageContaining("has no output 'z'");
    }
  }

  @Test
  void refusesAFlowWhoseLevelsDoNotFitItsInput() {
    Bundle bundle = OnnxTestModels.flowBundle(dir.resolve("flow"), SPEC, "glow", 3, 1f);
    assertThatThrownBy(() -> Scorer.open(bundle, OnnxOptions.cpu()))
        .hasMessageContaining("3 levels needs height and width divisible by 8, got 4 x 4");
  }

  static List<byte[]> images(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[16];
      for (int j = 0; j < 16; j++) {
        b[j] = (byte) random.nextInt(256);
      }
      out.add(b);
    }
    return out;
  }

  private static float[] toFloats(byte[] b) {
    float[] f = new float[b.length];
    for (int i = 0; i < b.length; i++) {
      f[i] = b[i] & 0xFF;
    }
    return f;
  }
}
