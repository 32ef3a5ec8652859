package io.flowspect.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleWriter;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.bundle.SidecarFiles;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Bits;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.Family;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A model rebuilt from a bundle alone is the exported model: same weights, same log p. */
class BundleWeightsTest {

  private static final int N = 20;

  @TempDir Path dir;

  private static Manifest export(DensityNetwork model, ParamStore store, Path dir) {
    return BundleExporter.export(
        model,
        store,
        dir,
        new BundleExporter.Details(
            "tiny-" + model.family().id(), "1", "sha256:00", Map.of(), Map.of()));
  }

  @ParameterizedTest
  @MethodSource("io.flowspect.trainer.TinyModels#exactFamilies")
  void rebuiltModelScoresLikeOnnxRuntime(Family family) {
    DensityNetwork model = TinyModels.build(family);
    int d = model.dims();
    float[] x = TinyModels.images(N, d, 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, N)) {
      export(model, store, dir);
      Bundle bundle = Bundle.open(dir);
      try (BundleWeights.Loaded loaded = BundleWeights.load(bundle)) {
        assertThat(loaded.model().family()).isEqualTo(family);
        assertThat(loaded.params().specs().keySet()).isEqualTo(store.specs().keySet());
        for (String name : store.specs().keySet()) {
          float[] trained = store.values(name);
          float[] read = loaded.params().values(name);
          if (isMaskedWeight(family, name)) {
            // MADE's, FVSBN's, MintNet's and PixelRNN's state weights are exported masked
            // (Ops.maskedParam): each
            // value is the trained one or a connection the mask removes, which the rebuilt model
            // masks again
            assertThat(read).as(name).hasSameSizeAs(trained);
            for (int i = 0; i < read.length; i++) {
              assertThat(read[i] == trained[i] || read[i] == 0f)
                  .as("%s[%d] = %s, trained %s", name, i, read[i], trained[i])
                  .isTrue();
            }
          } else {
            assertThat(read).as(name).isEqualTo(trained);
          }
          assertThat(loaded.params().get(name).hasGradient()).as(name).isFalse();
        }
        float[] rebuilt =
            TinyModels.djlLogPx((DensityNetwork) loaded.model(), loaded.params(), x, N);
        float[][] rows = new float[N][d];
        for (int i = 0; i < N; i++) {
          System.arraycopy(x, i * d, rows[i], 0, d);
        }
        try (DensityModel onnx = DensityModel.open(bundle, OnnxOptions.cpu())) {
          double[] ort = onnx.score(rows).logPx();
          for (int i = 0; i < N; i++) {
            assertThat(Bits.bitsPerDim(rebuilt[i], d))
                .as("%s image %d bits/dim, rebuilt DJL model against ONNX Runtime", family.id(), i)
                .isCloseTo(Bits.bitsPerDim(ort[i], d), within(1e-4));
          }
        }
      }
    }
  }

  @Test
  void refusesAManifestThatDescribesAnotherArchitecture() {
    DensityNetwork model = TinyModels.build(Family.NICE);
    float[] x = TinyModels.images(4, model.dims(), 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, 4)) {
      Manifest manifest = export(model, store, dir);
      Map<String, Object> hp = new LinkedHashMap<>(manifest.hyperparameters());
      hp.put("hidden", 32);
      BundleWriter.write(
          dir,
          new Manifest(
              manifest.formatVersion(),
              manifest.id(),
              manifest.family(),
              manifest.version(),
              manifest.createdAt(),
              manifest.input(),
              manifest.graphs(),
              manifest.trainingFingerprint(),
              manifest.metrics(),
              hp,
              manifest.training(),
              null,
              null,
              Map.of(),
              null));
      assertThatThrownBy(() -> BundleWeights.load(Bundle.open(dir)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("model.onnx: parameter ")
          .hasMessageContaining("expects");
    }
  }

  @Test
  void aNewExportDeletesTheCalibrationsOfTheModelItReplaces() throws Exception {
    DensityNetwork model = TinyModels.build(Family.NICE);
    float[] x = TinyModels.images(4, model.dims(), 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, 4)) {
      export(model, store, dir);
      // Calibrations of the first model, same id and version as the next export.
      Files.writeString(dir.resolve(SidecarFiles.CALIBRATION), "{}");
      Files.writeString(dir.resolve(SidecarFiles.TILED_CALIBRATION), "{}");
      Files.writeString(dir.resolve("notes.txt"), "kept");

      Manifest again = export(model, store, dir);

      assertThat(dir.resolve(SidecarFiles.CALIBRATION)).doesNotExist();
      assertThat(dir.resolve(SidecarFiles.TILED_CALIBRATION)).doesNotExist();
      assertThat(again.files()).containsKeys("model.onnx", "notes.txt");
      assertThat(Bundle.open(dir).manifest().files()).isEqualTo(again.files());
    }
  }

  private static boolean isMaskedWeight(Family family, String name) {
    return java.util.Set.of("made", "maf", "fvsbn", "mintnet", "iaf").contains(family.id())
            && name.endsWith(".weight")
        || family.id().equals("pixelrnn") && name.endsWith(".state.weight");
  }
}
