package io.flowspect.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DensityModelTest {

  /** D = 3 * 2 * 2 = 12. */
  private static final InputSpec SPEC = new InputSpec(3, 2, 2, ResizeMode.RESIZE);

  private static final OnnxOptions ONE_THREAD = new OnnxOptions(ExecutionProvider.CPU, 1, 1);

  @TempDir Path tmp;

  /** Row i, column j: (7 i + 13 j) mod 256, integers 0..255 like real pixels. */
  private static float[][] batch(int n, int d) {
    float[][] b = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        b[i][j] = (7 * i + 13 * j) % 256;
      }
    }
    return b;
  }

  @Test
  void scoresAChunkedBatchExactly() {
    Bundle bundle = OnnxTestModels.densityBundle(tmp.resolve("b"), SPEC);
    float[] c = OnnxTestModels.quarterWeights(12);
    float[][] x = batch(130, 12);

    try (DensityModel model = DensityModel.open(bundle, ONE_THREAD, 64)) {
      DensityResult result = model.score(x);

      assertThat(model.dims()).isEqualTo(12);
      assertThat(model.hasOutput("pixel_nll")).isTrue();
      assertThat(result.size()).isEqualTo(130);
      for (int i = 0; i < 130; i++) {
        assertThat(result.logPx()[i]).isEqualTo(OnnxTestModels.expectedLogPx(x[i], c));
        for (int j = 0; j < 12; j++) {
          assertThat(result.pixelNll()[i][j]).isEqualTo(x[i][j] * c[j]);
        }
      }
      // row 129: values 135, 148, ..., 252, 9, 22 (= (903 + 13 j) mod 256) weighted 0.25, 0.5,
      // 0.75, 1, 0.25, ...: 402.5 + 532.5 + 214.5
      assertThat(result.logPx()[129]).isEqualTo(-1149.5);
    }
  }

  @Test
  void chunkSizeDoesNotChangeTheResult() {
    Bundle bundle = OnnxTestModels.densityBundle(tmp.resolve("b"), SPEC);
    float[][] x = batch(130, 12);

    try (DensityModel small = DensityModel.open(bundle, ONE_THREAD, 7);
        DensityModel whole = DensityModel.open(bundle, OnnxOptions.cpu())) {
      assertThat(small.score(x)).isEqualTo(whole.score(x));
      assertThat(whole.maxBatch()).isEqualTo(DensityModel.DEFAULT_MAX_BATCH);
    }
  }

  @Test
  void graphWithoutPixelNllGivesNull() {
    Path file =
        OnnxTestModels.linearDensity(
            tmp.resolve("m.onnx"), OnnxTestModels.quarterWeights(4), false);

    try (DensityModel model = DensityModel.openFile(file, 4, ONE_THREAD, 64)) {
      DensityResult result = model.score(new float[][] {{4, 4, 4, 4}, {0, 0, 0, 255}});

      assertThat(model.hasOutput("pixel_nll")).isFalse();
      assertThat(result.pixelNll()).isNull();
      assertThat(result.logPx()).containsExactly(-10.0, -255.0);
    }
  }

  @Test
  void rowOfTheWrongLengthIsNamed() {
    Bundle bundle = OnnxTestModels.densityBundle(tmp.resolve("b"), SPEC);
    float[][] x = batch(8, 12);
    x[5] = new float[11];

    try (DensityModel model = DensityModel.open(bundle, ONE_THREAD)) {
      assertThatThrownBy(() -> model.score(x))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("row 5 has 11 values, expected 12 (the model's input dims)");
      assertThat(model.score(new float[0][]).size()).isZero();
    }
  }

  @Test
  void graphWhoseInputDoesNotMatchTheManifestIsRefused() {
    Path file =
        OnnxTestModels.linearDensity(
            tmp.resolve("m.onnx"), OnnxTestModels.quarterWeights(12), true);

    assertThatThrownBy(() -> DensityModel.openFile(file, 10, ONE_THREAD, 64))
        .isInstanceOf(OnnxModelException.class)
        .hasMessage(file + ": input 'x' must have shape [N, 10], has [-1, 12]");
  }

  @Test
  void cudaFallsBackToCpuWhenUnavailable() {
    Bundle bundle = OnnxTestModels.densityBundle(tmp.resolve("b"), SPEC);

    try (DensityModel model =
        DensityModel.open(bundle, new OnnxOptions(ExecutionProvider.CUDA, 1, 1))) {
      assertThat(model.score(batch(130, 12)).logPx()[129]).isEqualTo(-1149.5);
    }
  }

  @Test
  void concurrentScoringGivesTheSameResults() throws Exception {
    Bundle bundle = OnnxTestModels.densityBundle(tmp.resolve("b"), SPEC);
    float[][] x = batch(100, 12);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (DensityModel model = DensityModel.open(bundle, ONE_THREAD, 16)) {
      DensityResult expected = model.score(x);
      List<Future<DensityResult>> futures =
          pool.invokeAll(Collections.nCopies(8, () -> model.score(x)));
      for (Future<DensityResult> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void missingModelFileIsAnArgumentError() {
    assertThatThrownBy(() -> OnnxSessions.open(tmp.resolve("none.onnx"), OnnxOptions.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(tmp.resolve("none.onnx") + ": no such ONNX file");
    assertThatThrownBy(() -> new OnnxOptions(ExecutionProvider.CPU, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intraOpThreads -1");
  }
}
