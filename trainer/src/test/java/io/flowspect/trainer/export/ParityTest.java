package io.flowspect.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.DensityResult;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Bits;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.Family;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance line "bits/dim from ONNX Runtime Java and from the DJL model agree within 1e-4",
 * for every family, through the whole path: export, bundle verification, core's scorer.
 */
class ParityTest {

  private static final int N = 70; // more than core's default batch of 64: the scorer must chunk

  @TempDir Path dir;

  @ParameterizedTest
  @MethodSource("io.flowspect.trainer.TinyModels#exactFamilies")
  void onnxRuntimeScoresEqualTheTrainedModel(Family family) {
    DensityNetwork model = TinyModels.build(family);
    int d = model.dims();
    float[] x = TinyModels.images(N, d, 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, N)) {
      float[] djl = TinyModels.djlLogPx(model, store, x, N);
      BundleExporter.export(
          model,
          store,
          dir,
          new BundleExporter.Details("tiny-" + family.id(), "1", "sha256:00", Map.of(), Map.of()));

      float[][] rows = new float[N][d];
      for (int i = 0; i < N; i++) {
        System.arraycopy(x, i * d, rows[i], 0, d);
      }
      try (DensityModel onnx = DensityModel.open(Bundle.open(dir), OnnxOptions.cpu())) {
        DensityResult result = onnx.score(rows);
        for (int i = 0; i < N; i++) {
          assertThat(djl[i]).as("log p of image %d is finite", i).isFinite();
          assertThat(Bits.bitsPerDim(result.logPx()[i], d))
              .as("%s image %d bits/dim", family.id(), i)
              .isCloseTo(Bits.bitsPerDim(djl[i], d), within(1e-4));
          if (family.isAutoregressive()) {
            double sum = 0;
            for (float v : result.pixelNll()[i]) {
              sum += v;
            }
            assertThat(sum)
                .as("pixel_nll sums to -log p")
                .isCloseTo(-result.logPx()[i], within(1e-2));
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("io.flowspect.trainer.TinyModels#madeFamilies")
  void madeMasksAreBakedIntoTheWeightsNotStoredBesideThem(Family family) throws Exception {
    DensityNetwork model = TinyModels.build(family);
    float[] x = TinyModels.images(8, model.dims(), 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, 8)) {
      BundleExporter.export(
          model,
          store,
          dir,
          new BundleExporter.Details("tiny-" + family.id(), "1", "sha256:00", Map.of(), Map.of()));
      long weightBytes = 4L * store.parameterCount();
      // one float per parameter plus the graph's small constants: a stored mask would double it
      assertThat(java.nio.file.Files.size(dir.resolve("model.onnx")))
          .isLessThan(weightBytes + weightBytes / 4 + 16_384);
    }
  }

  /**
   * PixelCNN's signed map, checked against its own conditionals graph: {@code pixel_cdf} must be
   * the softmax mass of the levels below each pixel plus half of the pixel's own level, and the own
   * level's mass must be exp(-pixel_nll).
   */
  @org.junit.jupiter.api.Test
  void pixelCnnCdfIsTheSoftmaxMassBelowPlusHalfTheOwnLevel() throws Exception {
    DensityNetwork model = TinyModels.build(Family.PIXELCNN);
    int d = model.dims();
    int n = 4;
    float[] x = TinyModels.images(n, d, 5);
    x[0] = 0;
    x[1] = 255;
    try (ParamStore store = TinyModels.trainedLike(model, x, n)) {
      BundleExporter.export(
          model,
          store,
          dir,
          new BundleExporter.Details("tiny-pixelcnn", "1", "sha256:00", Map.of(), Map.of()));
      float[][] rows = new float[n][d];
      for (int i = 0; i < n; i++) {
        System.arraycopy(x, i * d, rows[i], 0, d);
      }
      Bundle bundle = Bundle.open(dir);
      for (String file : java.util.List.of("model.onnx", "conditionals.onnx")) {
        ai.onnx.proto.OnnxMl.GraphProto graph =
            ai.onnx.proto.OnnxMl.ModelProto.parseFrom(
                    java.nio.file.Files.readAllBytes(dir.resolve(file)))
                .getGraph();
        java.util.Set<String> read = new java.util.HashSet<>();
        graph.getNodeList().forEach(node -> read.addAll(node.getInputList()));
        assertThat(graph.getInitializerList())
            .as("%s: every initializer is read by a node (ONNX Runtime warns otherwise)", file)
            .allMatch(t -> read.contains(t.getName()));
      }
      float[][] logits;
      try (ai.onnxruntime.OrtSession conditionals =
              io.flowspect.core.onnx.OnnxSessions.open(
                  bundle.graphFile(GraphExport.CONDITIONALS), OnnxOptions.cpu());
          ai.onnxruntime.OnnxTensor input =
              ai.onnxruntime.OnnxTensor.createTensor(
                  io.flowspect.core.onnx.OnnxSessions.environment(),
                  java.nio.FloatBuffer.wrap(x),
                  new long[] {n, d});
          ai.onnxruntime.OrtSession.Result r = conditionals.run(Map.of("x", input))) {
        logits = (float[][]) r.get(0).getValue();
      }
      try (DensityModel onnx = DensityModel.open(bundle, OnnxOptions.cpu())) {
        DensityResult result = onnx.score(rows, false, true);
        assertThat(onnx.score(rows).pixelCdf()).as("only when asked").isNull();
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 256; k++) {
              max = Math.max(max, logits[i][j * 256 + k]);
            }
            double total = 0;
            for (int k = 0; k < 256; k++) {
              total += Math.exp(logits[i][j * 256 + k] - max);
            }
            int level = (int) x[i * d + j];
            double below = 0;
            for (int k = 0; k < level; k++) {
              below += Math.exp(logits[i][j * 256 + k] - max) / total;
            }
            double own = Math.exp(logits[i][j * 256 + level] - max) / total;
            assertThat((double) result.pixelCdf()[i][j])
                .as("image %d sub-pixel %d (level %d)", i, j, level)
                .isCloseTo(below + own / 2, within(1e-5));
            assertThat(Math.exp(-result.pixelNll()[i][j])).isCloseTo(own, within(1e-5));
          }
        }
      }
    }
  }
}
