package io.flowspect.core.onnx;

/**
 * How to create ONNX Runtime sessions.
 *
 * @param provider the execution provider to try
 * @param intraOpThreads threads used inside one operator; 0 = ONNX Runtime's default (one per
 *     physical core)
 * @param interOpThreads threads running independent operators in parallel; 0 = ONNX Runtime's
 *     default
 */
public record OnnxOptions(ExecutionProvider provider, int intraOpThreads, int interOpThreads) {

  /** Validates the options. */
  public OnnxOptions {
    if (provider == null) {
      throw new IllegalArgumentException("provider must not be null");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be 0 (default) or positive, got intraOpThreads "
              + intraOpThreads
              + ", interOpThreads "
              + interOpThreads);
    }
  }

  /**
   * Returns CPU execution with ONNX Runtime's default thread pools.
   *
   * @return the options
   */
  public static OnnxOptions cpu() {
    return new OnnxOptions(ExecutionProvider.CPU, 0, 0);
  }
}
