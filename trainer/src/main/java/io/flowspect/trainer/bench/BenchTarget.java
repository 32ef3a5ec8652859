package io.flowspect.trainer.bench;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;

/**
 * A bundle to benchmark and the settings every engine shares.
 *
 * @param bundle the verified bundle
 * @param threads intra-op threads of every engine (ONNX Runtime and libtorch alike)
 * @param maxBatch the largest batch of the run: ONNX Runtime sessions take it in one call
 */
public record BenchTarget(Bundle bundle, int threads, int maxBatch) {

  public BenchTarget {
    if (threads < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "threads and maxBatch must be positive, got " + threads + " and " + maxBatch);
    }
  }

  /**
   * ONNX Runtime on the CPU with {@link #threads} intra-op threads and one inter-op thread (the
   * graphs run sequentially, so more would only add idle threads).
   */
  public OnnxOptions onnxOptions() {
    return new OnnxOptions(ExecutionProvider.CPU, threads, 1);
  }
}
