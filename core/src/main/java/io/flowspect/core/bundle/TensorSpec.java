package io.flowspect.core.bundle;

import java.util.List;

/**
 * Documents one input or output tensor of an ONNX graph in the manifest, so that a consumer can
 * check the graph and a human can read what the numbers mean.
 *
 * @param name the ONNX value name, e.g. "x" or "log_px"
 * @param shape dimensions; -1 marks the dynamic batch dimension (or any dynamic dimension)
 * @param units what one element measures, e.g. "nats" or "uint8 value as float32 0..255"; may be
 *     null
 * @param description free text; may be null
 */
public record TensorSpec(String name, List<Long> shape, String units, String description) {

  /** Validates the name and shape; copies the shape. */
  public TensorSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tensor name must not be null or blank");
    }
    if (shape == null) {
      throw new IllegalArgumentException("shape of tensor " + name + " must not be null");
    }
    for (Long d : shape) {
      if (d == null || d < -1) {
        throw new IllegalArgumentException(
            "shape of tensor " + name + " must hold dimensions >= -1, got " + shape);
      }
    }
    shape = List.copyOf(shape);
  }
}
