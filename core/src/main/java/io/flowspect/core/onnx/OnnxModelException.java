package io.flowspect.core.onnx;

/**
 * An ONNX graph that cannot be loaded or run, or whose interface does not match what flowspect
 * expects. Unchecked, because callers can only report it; the message names the model file.
 */
public final class OnnxModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message names the model file and what is wrong
   * @param cause the ONNX Runtime failure, or null
   */
  public OnnxModelException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception.
   *
   * @param message names the model file and what is wrong
   */
  public OnnxModelException(String message) {
    super(message);
  }
}
