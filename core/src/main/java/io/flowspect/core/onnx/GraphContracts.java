package io.flowspect.core.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.flowspect.core.bundle.BundleContract;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks that an ONNX graph keeps the contract its caller relies on, once when the session is
 * opened and on every output read, so that a wrong or foreign graph fails with a message naming the
 * file and the tensor instead of with an index error deep in scoring. Shared by every class that
 * runs a bundle graph ({@link DensityModel}, the purifier). Stateless.
 */
public final class GraphContracts {

  /** Inspects an open session; throws {@link OnnxModelException} when the graph does not fit. */
  @FunctionalInterface
  public interface Contract {
    /**
     * Checks the session's inputs and outputs.
     *
     * @param file the graph file, for messages
     * @param session the open session
     * @throws OrtException if ONNX Runtime cannot describe the graph
     */
    void check(Path file, OrtSession session) throws OrtException;
  }

  private GraphContracts() {}

  /**
   * Opens a session and checks its contract, closing the session when the check fails.
   *
   * @param file the graph file
   * @param options execution provider and threads
   * @param contract the check
   * @return the open session; the caller closes it
   * @throws OnnxModelException if the graph cannot be loaded or does not fit the contract
   */
  public static OrtSession openChecked(Path file, OnnxOptions options, Contract contract) {
    OrtSession session = OnnxSessions.open(file, options);
    try {
      contract.check(file, session);
      return session;
    } catch (OrtException | RuntimeException e) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // Already failing with a better message.
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new OnnxModelException(file + ": cannot inspect the graph: " + e.getMessage(), e);
    }
  }

  /**
   * Requires a float32 tensor of shape [N, cols], where N and cols may be dynamic (-1 or symbolic).
   *
   * @param file the graph file, for messages
   * @param kind "input" or "output", for messages
   * @param node the tensor's description
   * @param cols the required width, or -1 for any width
   * @throws OnnxModelException naming the file, the tensor and what it is instead
   */
  public static void requireFloatMatrix(Path file, String kind, NodeInfo node, long cols) {
    if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
      throw mismatch(file, kind, node, "be a float32 tensor, is " + node.getInfo());
    }
    long[] shape = info.getShape();
    if (shape.length != 2 || (cols >= 0 && shape[1] >= 0 && shape[1] != cols)) {
      throw mismatch(
          file,
          kind,
          node,
          "have shape [N, "
              + (cols >= 0 ? Long.toString(cols) : "k")
              + "], has "
              + Arrays.toString(shape));
    }
  }

  private static OnnxModelException mismatch(Path file, String kind, NodeInfo node, String must) {
    return new OnnxModelException(file + ": " + kind + " '" + node.getName() + "' must " + must);
  }

  /**
   * Requires that a graph takes exactly one input, {@value BundleContract.Tensor#IMAGE}, a float32
   * [N, dims] matrix.
   *
   * @param file the graph file, for messages
   * @param graph the graph's role in words, e.g. "density"
   * @param inputs the session's inputs
   * @param dims D
   * @throws OnnxModelException naming the file and what the graph takes instead
   */
  public static void requireImageInput(
      Path file, String graph, Map<String, NodeInfo> inputs, int dims) {
    NodeInfo x = inputs.get(BundleContract.Tensor.IMAGE);
    if (x == null || inputs.size() != 1) {
      throw new OnnxModelException(
          file
              + ": the "
              + graph
              + " graph must have exactly one input '"
              + BundleContract.Tensor.IMAGE
              + "', has "
              + inputs.keySet());
    }
    requireFloatMatrix(file, "input", x, dims);
  }

  /**
   * Requires an output, a float32 [N, cols] matrix.
   *
   * @param file the graph file, for messages
   * @param graph the graph's role in words, e.g. "density"
   * @param outputs the session's outputs
   * @param name the output's name
   * @param cols the required width, or -1 for any width
   * @throws OnnxModelException if it is missing or of another type or shape
   */
  public static void requireOutput(
      Path file, String graph, Map<String, NodeInfo> outputs, String name, long cols) {
    if (!outputs.containsKey(name)) {
      throw new OnnxModelException(
          file + ": the " + graph + " graph has no output '" + name + "', has " + outputs.keySet());
    }
    requireFloatMatrix(file, "output", outputs.get(name), cols);
  }

  /**
   * Checks an optional output, a float32 [N, cols] matrix when present.
   *
   * @param file the graph file, for messages
   * @param outputs the session's outputs
   * @param name the output's name
   * @param cols the required width, or -1 for any width
   * @throws OnnxModelException if it is present but of another type or shape
   */
  public static void optionalOutput(
      Path file, Map<String, NodeInfo> outputs, String name, long cols) {
    NodeInfo node = outputs.get(name);
    if (node != null) {
      requireFloatMatrix(file, "output", node, cols);
    }
  }

  /**
   * Returns a float output of a run, checking that it holds the expected number of values.
   *
   * @param file the graph file, for messages
   * @param result the run's result
   * @param name the output's name
   * @param expected number of floats, e.g. rows * width
   * @return the output's buffer, valid until the result is closed
   * @throws OnnxModelException if the output is missing, not a float tensor or of another size
   */
  public static FloatBuffer floatOutput(
      Path file, OrtSession.Result result, String name, long expected) {
    OnnxValue value =
        result
            .get(name)
            .orElseThrow(() -> new OnnxModelException(file + ": no output '" + name + "'"));
    if (!(value instanceof OnnxTensor tensor)) {
      throw new OnnxModelException(file + ": output '" + name + "' is not a tensor");
    }
    FloatBuffer buffer = tensor.getFloatBuffer();
    if (buffer == null || buffer.remaining() != expected) {
      throw new OnnxModelException(
          file
              + ": output '"
              + name
              + "' has "
              + (buffer == null ? "no float" : Integer.toString(buffer.remaining()))
              + " values, expected "
              + expected);
    }
    return buffer;
  }

  /**
   * Requires that an optional per-row output of a result has as many rows as its main one.
   *
   * @param name the optional output, for the message
   * @param rows its rows, or null when absent
   * @param main the main output, for the message
   * @param n the main output's rows
   * @throws IllegalArgumentException if the counts differ
   */
  static void requireRows(String name, Object[] rows, String main, int n) {
    if (rows != null && rows.length != n) {
      throw new IllegalArgumentException(name + " has " + rows.length + " rows, " + main + " " + n);
    }
  }
}
