package io.flowspect.core.bundle;

import java.util.List;

/**
 * One ONNX graph of a bundle and its interface.
 *
 * @param file the graph's path relative to the bundle directory, '/' separated, e.g. "model.onnx"
 * @param inputs the graph inputs
 * @param outputs the graph outputs
 */
public record GraphSpec(String file, List<TensorSpec> inputs, List<TensorSpec> outputs) {

  /** Validates the file name; copies the lists (null becomes empty). */
  public GraphSpec {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException("graph file must not be null or blank");
    }
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
  }
}
