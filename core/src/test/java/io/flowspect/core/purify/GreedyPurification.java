package io.flowspect.core.purify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxSessions;
import io.flowspect.core.sample.AutoregressiveOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The reference PixelDefend purification for tests, written as the paper states it and as
 * differently from {@link Purifier} as possible: one conditionals pass per sub-pixel, visiting the
 * sub-pixels in a given order (the model's {@link AutoregressiveOrder} for the real thing), each
 * set to the best candidate of its ball by a comparator. Shipped in core's test-jar for the
 * trainer's tests on real PixelCNN bundles.
 */
public final class GreedyPurification {

  private GreedyPurification() {}

  /** Greedy purification in the model's autoregressive order. */
  public static List<byte[]> purify(Bundle bundle, List<byte[]> images, int epsilon) {
    return purify(bundle, images, epsilon, AutoregressiveOrder.of(bundle.manifest().input()));
  }

  /**
   * Greedy purification visiting the sub-pixels in {@code order}.
   *
   * @param bundle a bundle with a conditionals graph
   * @param images CHW bytes
   * @param epsilon ball radius
   * @param order CHW indices in visiting order
   * @return the purified images
   */
  public static List<byte[]> purify(Bundle bundle, List<byte[]> images, int epsilon, int[] order) {
    int n = images.size();
    int d = bundle.manifest().input().dims();
    List<byte[]> y = new ArrayList<>();
    images.forEach(x -> y.add(x.clone()));
    try (OrtSession session =
        OnnxSessions.open(bundle.graphFile(BundleContract.Role.CONDITIONALS), OnnxOptions.cpu())) {
      for (int i : order) {
        float[] input = new float[n * d];
        for (int s = 0; s < n; s++) {
          for (int j = 0; j < d; j++) {
            input[s * d + j] = y.get(s)[j] & 0xFF;
          }
        }
        try (OnnxTensor x =
                OnnxTensor.createTensor(
                    OnnxSessions.environment(), FloatBuffer.wrap(input), new long[] {n, d});
            OrtSession.Result result = session.run(Map.of("x", x))) {
          float[][] logits = (float[][]) result.get("logits").get().getValue();
          for (int s = 0; s < n; s++) {
            int centre = images.get(s)[i] & 0xFF;
            y.get(s)[i] = (byte) best(logits[s], i, centre, epsilon);
          }
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
    return y;
  }

  /** Highest logit, then closest to the centre, then smallest value. */
  static int best(float[] logits, int subPixel, int centre, int epsilon) {
    List<Integer> ball = new ArrayList<>();
    for (int v = Math.max(0, centre - epsilon); v <= Math.min(255, centre + epsilon); v++) {
      ball.add(v);
    }
    // + 0.0 turns -0.0 into 0.0: the two zeros are equal logits, as for ==.
    Comparator<Integer> better =
        Comparator.<Integer>comparingDouble(v -> -logits[subPixel * 256 + v] + 0.0)
            .thenComparingInt(v -> Math.abs(v - centre))
            .thenComparingInt(v -> v);
    return ball.stream().min(better).orElseThrow();
  }
}
