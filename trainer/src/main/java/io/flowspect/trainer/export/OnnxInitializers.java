package io.flowspect.trainer.export;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The float32 initializers of an ONNX file, by name: how a model's trained weights are read back
 * from a bundle without its checkpoint.
 *
 * <p>Why it can: {@link io.flowspect.trainer.graph.OnnxOps} writes every parameter once, untouched,
 * as an initializer named after the parameter with the {@code _0} suffix that Tribuo's {@code
 * ONNXContext} appends to make names unique ({@value #SUFFIX}); derived values (masks,
 * permutations, an inverse weight) are separate {@code const_N} initializers that the rebuilt model
 * recomputes itself.
 */
public final class OnnxInitializers {

  /** What Tribuo appends to the first initializer of a given name. */
  public static final String SUFFIX = "_0";

  /** One initializer: its shape and row-major values. */
  public record Tensor(long[] shape, float[] values) {

    public Tensor {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  private final Path file;
  private final Map<String, Tensor> tensors;

  private OnnxInitializers(Path file, Map<String, Tensor> tensors) {
    this.file = file;
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /**
   * Reads every float32 initializer of an ONNX model; initializers of other types (shapes, axes)
   * are skipped.
   *
   * @throws UncheckedIOException if the file cannot be read or is not an ONNX model
   */
  public static OnnxInitializers read(Path file) {
    OnnxMl.ModelProto model;
    try (InputStream in = Files.newInputStream(file)) {
      model = OnnxMl.ModelProto.parseFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the ONNX model: " + e.getMessage(), e);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
        tensors.put(t.getName(), new Tensor(dims(t), floats(t)));
      }
    }
    return new OnnxInitializers(file, tensors);
  }

  public Path file() {
    return file;
  }

  /** Every float initializer by its name in the graph. */
  public Map<String, Tensor> all() {
    return tensors;
  }

  /**
   * The initializer written for a model parameter: {@code name + "_0"} as Tribuo names it, or the
   * bare name should a writer keep it.
   *
   * @return the tensor, or null when the graph has none for this parameter
   */
  public Tensor parameter(String name) {
    Tensor t = tensors.get(name + SUFFIX);
    return t != null ? t : tensors.get(name);
  }

  private static long[] dims(OnnxMl.TensorProto t) {
    long[] shape = new long[t.getDimsCount()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.getDims(i);
    }
    return shape;
  }

  /** Values from raw_data (little-endian, how Tribuo writes them) or from float_data. */
  private static float[] floats(OnnxMl.TensorProto t) {
    ByteString raw = t.getRawData();
    if (!raw.isEmpty()) {
      FloatBuffer buffer =
          raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
    float[] values = new float[t.getFloatDataCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = t.getFloatData(i);
    }
    return values;
  }
}
