package io.flowspect.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One open ONNX Runtime session on a bundle graph, with the plumbing every class that runs a graph
 * needs around it: packing rows into [N, width] tensors, reading checked outputs, and errors that
 * name the graph file. Shared by {@link DensityModel}, {@link LatentModel}, the purifier and the
 * trainer's benchmarks so that they fail alike.
 *
 * <p>Thread-safe as {@link OrtSession#run} is; do not {@link #close()} while another thread runs.
 */
public final class GraphSession implements AutoCloseable {

  private final Path file;
  private final OrtSession session;

  private GraphSession(Path file, OrtSession session) {
    this.file = file;
    this.session = session;
  }

  /**
   * Opens a graph and checks its contract, closing the session when the check fails.
   *
   * @param file the graph file
   * @param options execution provider and threads
   * @param contract the check
   * @return the session; the caller closes it
   * @throws OnnxModelException if the graph cannot be loaded or does not fit the contract
   */
  public static GraphSession open(
      Path file, OnnxOptions options, GraphContracts.Contract contract) {
    return new GraphSession(file, GraphContracts.openChecked(file, options, contract));
  }

  /**
   * Opens a graph without checking its contract (benchmarks that only time a pass).
   *
   * @param file the graph file
   * @param options execution provider and threads
   * @return the session; the caller closes it
   * @throws OnnxModelException if the graph cannot be loaded
   */
  public static GraphSession open(Path file, OnnxOptions options) {
    return new GraphSession(file, OnnxSessions.open(file, options));
  }

  /**
   * Returns the graph file, for messages.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * Tells whether the graph has an output of this name.
   *
   * @param name the output's name
   * @return true if the graph produces it
   */
  public boolean hasOutput(String name) {
    return session.getOutputNames().contains(name);
  }

  /**
   * Runs the graph, fetching only the named outputs (all of them when {@code fetches} is null).
   *
   * @param inputs the input tensors by name
   * @param fetches the outputs to compute, or null for all
   * @return the result; the caller closes it
   * @throws OrtException if ONNX Runtime fails
   */
  public OrtSession.Result run(Map<String, OnnxTensor> inputs, Set<String> fetches)
      throws OrtException {
    return fetches == null ? session.run(inputs) : session.run(inputs, fetches);
  }

  /**
   * Returns a float output of a run, checked as {@link GraphContracts#floatOutput} does.
   *
   * @param result the run's result
   * @param name the output's name
   * @param expected number of floats
   * @return the output's buffer, valid until the result is closed
   */
  public FloatBuffer output(OrtSession.Result result, String name, long expected) {
    return GraphContracts.floatOutput(file, result, name, expected);
  }

  /**
   * Wraps values as a float32 [rows, width] tensor.
   *
   * @param values rows * width floats, read from their position
   * @param rows N
   * @param width the columns
   * @return the tensor; the caller closes it
   * @throws OrtException if ONNX Runtime refuses it
   */
  public static OnnxTensor matrix(FloatBuffer values, int rows, int width) throws OrtException {
    return OnnxTensor.createTensor(OnnxSessions.environment(), values, new long[] {rows, width});
  }

  /**
   * Packs rows start..start + rows - 1 of a batch into a float32 [rows, width] tensor.
   *
   * @param batch the rows, each width long
   * @param start the first row
   * @param rows how many
   * @param width the columns
   * @return the tensor; the caller closes it
   * @throws OrtException if ONNX Runtime refuses it
   */
  public static OnnxTensor rows(float[][] batch, int start, int rows, int width)
      throws OrtException {
    FloatBuffer values = FloatBuffer.allocate(rows * width);
    for (int r = 0; r < rows; r++) {
      values.put(batch[start + r]);
    }
    values.flip();
    return matrix(values, rows, width);
  }

  /**
   * Copies a [rows, width] output into fresh rows {@code into[start...]}.
   *
   * @param buffer the output, rows * width values
   * @param into the destination rows
   * @param start where the first row goes
   * @param rows how many rows
   * @param width the columns
   */
  public static void copyRows(FloatBuffer buffer, float[][] into, int start, int rows, int width) {
    for (int r = 0; r < rows; r++) {
      float[] row = new float[width];
      buffer.get(r * width, row);
      into[start + r] = row;
    }
  }

  /**
   * Wraps a failed run in an exception that names the graph file.
   *
   * @param what what failed, e.g. "scoring rows 0..63"
   * @param e ONNX Runtime's exception
   * @return the exception to throw
   */
  public OnnxModelException failed(String what, OrtException e) {
    return new OnnxModelException(file + ": " + what + " failed: " + e.getMessage(), e);
  }

  /**
   * Requires an input row of the model's width, so that a bad row fails with its index rather than
   * inside ONNX Runtime.
   *
   * @param what "row" or "image", for the message
   * @param index the row's index
   * @param length the row's length, or -1 when it is missing
   * @param dims the model's input dims
   * @throws IllegalArgumentException if the row is missing or of another length
   */
  public static void requireRow(String what, int index, int length, int dims) {
    if (length != dims) {
      throw new IllegalArgumentException(
          what
              + " "
              + index
              + " has "
              + (length < 0 ? "no" : Integer.toString(length))
              + " values, expected "
              + dims
              + " (the model's input dims)");
    }
  }

  /** Closes the ONNX Runtime session; the shared environment stays open. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new OnnxModelException(file + ": cannot close the session: " + e.getMessage(), e);
    }
  }
}
