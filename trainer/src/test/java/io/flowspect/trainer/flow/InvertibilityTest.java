package io.flowspect.trainer.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxSessions;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.InvertibleFlow;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Flows invert: x reconstructed from z within 1e-4 (max abs, in the model's [-0.5, 0.5] units). */
class InvertibilityTest {

  private static final int N = 16;

  @TempDir Path dir;

  @ParameterizedTest
  @MethodSource("io.flowspect.trainer.TinyModels#flowFamilies")
  void djlFlowReconstructsItsInput(Family family) {
    InvertibleFlow flow = (InvertibleFlow) TinyModels.build(family);
    int d = flow.dims();
    float[] x = TinyModels.images(N, d, 21);
    try (ParamStore store = TinyModels.trainedLike(flow, x, N);
        NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      NDArray input = manager.create(x, new Shape(N, d));
      DensityOutputs<NDArray> forward = flow.logDensity(ops, input, ops.scalar(0.5f));
      InvertibleFlow.Sample<NDArray> back = flow.generate(ops, forward.latent(), ops.scalar(0.5f));
      float[] restored = back.x().toFloatArray();
      assertThat(maxAbsDifference(x, restored) / 256).isLessThan(1e-4);
      float[] logPx = forward.logPx().toFloatArray();
      float[] sampleLogPx = back.logPx().toFloatArray();
      for (int i = 0; i < N; i++) {
        assertThat((double) sampleLogPx[i])
            .isCloseTo(logPx[i], within(1e-2 * Math.max(1, Math.abs(logPx[i]) / 100)));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("io.flowspect.trainer.TinyModels#flowFamilies")
  void exportedGraphsInvertEachOther(Family family) throws Exception {
    InvertibleFlow flow = (InvertibleFlow) TinyModels.build(family);
    int d = flow.dims();
    float[] x = TinyModels.images(N, d, 22);
    try (ParamStore store = TinyModels.trainedLike(flow, x, N)) {
      BundleExporter.export(
          flow,
          store,
          dir,
          new BundleExporter.Details("inv", "1", "sha256:00", Map.of(), Map.of()));
    }
    try (OrtSession density = OnnxSessions.open(dir.resolve("model.onnx"), OnnxOptions.cpu());
        OrtSession generate = OnnxSessions.open(dir.resolve("generate.onnx"), OnnxOptions.cpu());
        OnnxTensor input =
            OnnxTensor.createTensor(
                OnnxSessions.environment(), FloatBuffer.wrap(x), new long[] {N, d});
        OrtSession.Result z = density.run(Map.of("x", input));
        OrtSession.Result back = generate.run(Map.of("z", (OnnxTensor) z.get("z").get()))) {
      float[][] restored = (float[][]) back.get("x").get().getValue();
      float[] flat = new float[N * d];
      for (int i = 0; i < N; i++) {
        System.arraycopy(restored[i], 0, flat, i * d, d);
      }
      assertThat(maxAbsDifference(x, flat) / 256).isLessThan(1e-4);
    }
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
