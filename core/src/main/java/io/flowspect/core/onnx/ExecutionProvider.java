package io.flowspect.core.onnx;

/** Where ONNX Runtime executes a graph. */
public enum ExecutionProvider {
  /** The default CPU provider, always available. */
  CPU,
  /**
   * NVIDIA GPU 0 through the CUDA provider; needs the onnxruntime_gpu artifact (Maven profile
   * "cuda") and CUDA libraries, otherwise sessions fall back to CPU with one warning.
   */
  CUDA
}
