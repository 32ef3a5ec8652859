package io.flowspect.core.onnx;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.BundleWriter;
import io.flowspect.core.bundle.GraphSpec;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.bundle.TensorSpec;
import io.flowspect.core.image.InputSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tiny ONNX density graphs and bundles for tests, written with a minimal hand-made protobuf encoder
 * so that core needs no protobuf or ONNX-writing dependency. Shipped in core's test-jar for the
 * trainer's and service's tests.
 *
 * <p>The "linear density" graph computes, for input x float32 [N, D]:
 *
 * <pre>
 *   pixel_nll = x * c                                  float32 [N, D]  (c: the given weights)
 *   log_px    = -ReduceSum(pixel_nll, axes=[1], keepdims=1)   float32 [N, 1]
 * </pre>
 *
 * With integer inputs 0..255 and weights that are multiples of 1/4, every value is exact in
 * float32, so tests can compare numbers with {@code ==}.
 */
public final class OnnxTestModels {

  private OnnxTestModels() {}

  /**
   * Returns the expected log_px of {@link #linearDensity} for one row, computed exactly.
   *
   * @param row the input row
   * @param weights the graph's weights c
   * @return {@code -sum(row[j] * c[j])}
   */
  public static double expectedLogPx(float[] row, float[] weights) {
    double s = 0;
    for (int j = 0; j < row.length; j++) {
      s += (double) row[j] * weights[j];
    }
    return -s;
  }

  /**
   * Writes the linear density graph.
   *
   * @param file where to write the .onnx file
   * @param weights c, one per input dimension (D = weights.length)
   * @param withPixelNll whether pixel_nll is a graph output
   * @return the file
   */
  public static Path linearDensity(Path file, float[] weights, boolean withPixelNll) {
    int d = weights.length;
    Proto graph = new Proto();
    String prod = withPixelNll ? BundleContract.Tensor.PIXEL_NLL : "prod";
    graph.message(1, node("mul", "Mul", List.of("x", "c"), List.of(prod), null));
    graph.message(1, node("sum", "ReduceSum", List.of(prod, "axes"), List.of("s"), keepdims()));
    graph.message(1, node("neg", "Neg", List.of("s"), List.of(BundleContract.Tensor.LOG_PX), null));
    graph.string(2, "linear_density");
    graph.message(5, floatTensor("c", weights));
    graph.message(5, int64Tensor("axes", new long[] {1}));
    graph.message(11, valueInfo("x", d));
    graph.message(12, valueInfo(BundleContract.Tensor.LOG_PX, 1));
    if (withPixelNll) {
      graph.message(12, valueInfo(BundleContract.Tensor.PIXEL_NLL, d));
    }
    write(file, graph);
    return file;
  }

  private static void write(Path file, Proto graph) {
    Proto opset = new Proto();
    opset.string(1, "");
    opset.int64(2, 13);
    Proto model = new Proto();
    model.int64(1, 7); // ir_version
    model.string(2, "flowspect-core-tests"); // producer_name
    model.message(7, graph);
    model.message(8, opset);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, model.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns weights {@code c[j] = (j % 4 + 1) / 4}: 0.25, 0.5, 0.75, 1.0, 0.25, ...
   *
   * @param dims D
   * @return the weights
   */
  public static float[] quarterWeights(int dims) {
    float[] c = new float[dims];
    for (int j = 0; j < dims; j++) {
      c[j] = (j % 4 + 1) * 0.25f;
    }
    return c;
  }

  /**
   * Returns a manifest for a density bundle with the given input spec, graph model.onnx, and
   * plausible metadata; {@code files} is empty (BundleWriter fills it).
   *
   * @param spec the input contract
   * @return the manifest
   */
  public static Manifest sampleManifest(InputSpec spec) {
    long d = spec.dims();
    GraphSpec density =
        new GraphSpec(
            "model.onnx",
            List.of(new TensorSpec("x", List.of(-1L, d), "uint8 value as float32 0..255", "CHW")),
            List.of(
                new TensorSpec("log_px", List.of(-1L, 1L), "nats", "log p(x)"),
                new TensorSpec("pixel_nll", List.of(-1L, d), "nats", "per-pixel NLL")));
    return new Manifest(
        Manifest.CURRENT_FORMAT,
        "test-bundle",
        "nice",
        "0.1.0",
        "2026-11-21T10:15:30Z",
        spec,
        Map.of(BundleContract.Role.DENSITY, density),
        "sha256:" + "0".repeat(64),
        Map.of("train_bpd", 3.25, "validation_bpd", 3.5),
        Map.of("epochs", 2, "learning_rate", 0.001, "optimizer", "adam"),
        Map.of("images_per_second", 812.5, "wall_seconds", 12.0),
        "bpd",
        null,
        Map.of(),
        null);
  }

  /**
   * Writes a complete, sealed bundle whose density graph is {@link #linearDensity} with {@link
   * #quarterWeights} and pixel_nll, and opens it.
   *
   * @param dir an empty or new directory
   * @param spec the input contract; D = spec.dims()
   * @return the opened bundle
   */
  public static Bundle densityBundle(Path dir, InputSpec spec) {
    return densityBundle(dir, spec, quarterWeights(spec.dims()), null, "bpd");
  }

  /**
   * Writes a complete, sealed linear density bundle with chosen weights, background and default
   * score, and opens it.
   *
   * @param dir an empty or new directory
   * @param spec the input contract; D = spec.dims()
   * @param weights c, D of them
   * @param background the manifest's background path relative to dir, or null
   * @param defaultScore the manifest's default score, or null
   * @return the opened bundle
   */
  public static Bundle densityBundle(
      Path dir, InputSpec spec, float[] weights, String background, String defaultScore) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    linearDensity(dir.resolve("model.onnx"), weights, true);
    Manifest m = sampleManifest(spec);
    BundleWriter.write(
        dir,
        new Manifest(
            m.formatVersion(),
            m.id(),
            m.family(),
            m.version(),
            m.createdAt(),
            m.input(),
            m.graphs(),
            m.trainingFingerprint(),
            m.metrics(),
            m.hyperparameters(),
            m.training(),
            defaultScore,
            background,
            Map.of(),
            null));
    return Bundle.open(dir);
  }

  /**
   * Writes a "linear flow" graph: for input x float32 [N, D]
   *
   * <pre>
   *   z      = MatMul(x, w)                            float32 [N, D]
   *   log_px = -0.5 * ReduceSum(z * z, axes=[1])       float32 [N, 1]
   * </pre>
   *
   * with {@code w[order[k]][k] = weights[k]} and zeros elsewhere, so {@code z[k] = x[order[k]] *
   * weights[k]}: a density graph with a flow's latent output and no pixel_nll.
   *
   * @param file where to write the .onnx file
   * @param order for each latent index, the input index it copies
   * @param weights the factor of each latent value
   * @return the file
   */
  public static Path linearFlow(Path file, int[] order, float[] weights) {
    int d = weights.length;
    if (order.length != d) {
      throw new IllegalArgumentException("order and weights must both hold D values");
    }
    float[] w = new float[d * d];
    for (int k = 0; k < d; k++) {
      w[order[k] * d + k] = weights[k];
    }
    Proto graph = new Proto();
    graph.message(
        1,
        node("matmul", "MatMul", List.of("x", "w"), List.of(BundleContract.Tensor.LATENT), null));
    graph.message(
        1,
        node(
            "square",
            "Mul",
            List.of(BundleContract.Tensor.LATENT, BundleContract.Tensor.LATENT),
            List.of("zz"),
            null));
    graph.message(1, node("sum", "ReduceSum", List.of("zz", "axes"), List.of("s"), keepdims()));
    graph.message(
        1, node("half", "Mul", List.of("s", "h"), List.of(BundleContract.Tensor.LOG_PX), null));
    graph.string(2, "linear_flow");
    graph.message(5, floatTensor("w", w, d, d));
    graph.message(5, floatTensor("h", new float[] {-0.5f}));
    graph.message(5, int64Tensor("axes", new long[] {1}));
    graph.message(11, valueInfo("x", d));
    graph.message(12, valueInfo(BundleContract.Tensor.LOG_PX, 1));
    graph.message(12, valueInfo(BundleContract.Tensor.LATENT, d));
    write(file, graph);
    return file;
  }

  /**
   * Returns, for each latent index of a multi-scale flow with this input and number of levels, the
   * input index (CHW) that lands there when the image is only squeezed and factored out, as the
   * trainer's {@code MultiScaleFlow} does with identity steps: at each level every 2 x 2 block
   * becomes four channels ({@code channel * 4 + dy * 2 + dx}), the second half of the channels is
   * factored out (the top level: all of them) and appended to the latent.
   *
   * @param spec the input
   * @param levels number of levels
   * @return a permutation of 0..D-1
   */
  public static int[] squeezeOrder(InputSpec spec, int levels) {
    int c = spec.channels();
    int h = spec.height();
    int w = spec.width();
    int[] t = new int[spec.dims()];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
    }
    int[] out = new int[spec.dims()];
    int pos = 0;
    for (int l = 0; l < levels; l++) {
      int h2 = h / 2;
      int w2 = w / 2;
      int[] s = new int[c * h * w];
      for (int ci = 0; ci < c; ci++) {
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            for (int i = 0; i < h2; i++) {
              for (int j = 0; j < w2; j++) {
                s[((ci * 4 + dy * 2 + dx) * h2 + i) * w2 + j] =
                    t[(ci * h + 2 * i + dy) * w + 2 * j + dx];
              }
            }
          }
        }
      }
      c *= 4;
      h = h2;
      w = w2;
      int kept = l == levels - 1 ? 0 : c / 2;
      int from = kept * h * w;
      System.arraycopy(s, from, out, pos, s.length - from);
      pos += s.length - from;
      t = java.util.Arrays.copyOf(s, from);
      c = kept;
    }
    return out;
  }

  /**
   * Writes a complete, sealed bundle of a multi-scale flow family whose density graph is {@link
   * #linearFlow} in {@link #squeezeOrder}, with a {@code levels} hyperparameter, and opens it.
   *
   * @param dir an empty or new directory
   * @param spec the input contract; D = spec.dims()
   * @param family e.g. "glow"
   * @param levels the manifest's levels hyperparameter
   * @param weight the factor of every latent value
   * @return the opened bundle
   */
  public static Bundle flowBundle(
      Path dir, InputSpec spec, String family, int levels, float weight) {
    long d = spec.dims();
    int factor = 1 << levels;
    boolean fits = spec.height() % factor == 0 && spec.width() % factor == 0;
    // Levels that do not fit the input: any graph will do, the manifest is what is tested.
    int[] order =
        fits ? squeezeOrder(spec, levels) : java.util.stream.IntStream.range(0, (int) d).toArray();
    float[] weights = new float[spec.dims()];
    java.util.Arrays.fill(weights, weight);
    linearFlow(dir.resolve("model.onnx"), order, weights);
    Manifest m = sampleManifest(spec);
    GraphSpec density =
        new GraphSpec(
            "model.onnx",
            List.of(new TensorSpec("x", List.of(-1L, d), "uint8 value as float32 0..255", "CHW")),
            List.of(
                new TensorSpec("log_px", List.of(-1L, 1L), "nats", "log p(x)"),
                new TensorSpec("z", List.of(-1L, d), "standard normal", "latent")));
    BundleWriter.write(
        dir,
        new Manifest(
            m.formatVersion(),
            "test-flow",
            family,
            m.version(),
            m.createdAt(),
            m.input(),
            Map.of(BundleContract.Role.DENSITY, density),
            m.trainingFingerprint(),
            m.metrics(),
            Map.of("levels", levels, "steps", 1, "hidden", 4),
            m.training(),
            "bpd",
            null,
            Map.of(),
            null));
    return Bundle.open(dir);
  }

  /**
   * Writes a linear autoregressive "conditionals" graph: for input x float32 [N, D]
   *
   * <pre>
   *   logits = MatMul(x, w) + b        float32 [N, D * 256]
   * </pre>
   *
   * so logit k of sub-pixel i is {@code b[i * 256 + k] + sum_j x[j] * w[j][i * 256 + k]}. It is
   * autoregressive in an order when {@code w[j][i * 256 + k]} is zero unless j comes before i.
   *
   * @param file where to write the .onnx file
   * @param weights w, D rows of D * 256, row-major
   * @param bias b, D * 256 values
   * @return the file
   */
  public static Path linearConditionals(Path file, float[] weights, float[] bias) {
    int cols = bias.length;
    if (cols % 256 != 0 || (long) (cols / 256) * cols != weights.length) {
      throw new IllegalArgumentException(
          "bias must hold D * 256 values and weights D * D * 256, got "
              + bias.length
              + " and "
              + weights.length);
    }
    int d = cols / 256;
    Proto graph = new Proto();
    graph.message(1, node("matmul", "MatMul", List.of("x", "w"), List.of("xw"), null));
    graph.message(1, node("add", "Add", List.of("xw", "b"), List.of("logits"), null));
    graph.string(2, "linear_conditionals");
    graph.message(5, floatTensor("w", weights, d, cols));
    graph.message(5, floatTensor("b", bias, cols));
    graph.message(11, valueInfo("x", d));
    graph.message(12, valueInfo("logits", cols));
    write(file, graph);
    return file;
  }

  /**
   * Writes a complete, sealed bundle of family "pixelcnn" with the linear density graph ({@link
   * #quarterWeights}) and a {@link #linearConditionals} graph, and opens it.
   *
   * @param dir an empty or new directory
   * @param spec the input contract; D = spec.dims()
   * @param weights w of the conditionals, D rows of D * 256
   * @param bias b of the conditionals, D * 256 values
   * @return the opened bundle
   */
  public static Bundle conditionalsBundle(Path dir, InputSpec spec, float[] weights, float[] bias) {
    long d = spec.dims();
    linearDensity(dir.resolve("model.onnx"), quarterWeights(spec.dims()), true);
    linearConditionals(dir.resolve("conditionals.onnx"), weights, bias);
    Manifest m = sampleManifest(spec);
    GraphSpec conditionals =
        new GraphSpec(
            "conditionals.onnx",
            List.of(new TensorSpec("x", List.of(-1L, d), "uint8 value as float32 0..255", "CHW")),
            List.of(
                new TensorSpec(
                    "logits",
                    List.of(-1L, d * 256),
                    "unnormalised log-probability",
                    "[N, D, 256]")));
    BundleWriter.write(
        dir,
        new Manifest(
            m.formatVersion(),
            m.id(),
            "pixelcnn",
            m.version(),
            m.createdAt(),
            m.input(),
            Map.of(
                BundleContract.Role.DENSITY,
                m.graphs().get(BundleContract.Role.DENSITY),
                "conditionals",
                conditionals),
            m.trainingFingerprint(),
            m.metrics(),
            m.hyperparameters(),
            m.training(),
            "bpd",
            null,
            Map.of(),
            null));
    return Bundle.open(dir);
  }

  private static Proto node(
      String name, String op, List<String> inputs, List<String> outputs, Proto attribute) {
    Proto n = new Proto();
    inputs.forEach(i -> n.string(1, i));
    outputs.forEach(o -> n.string(2, o));
    n.string(3, name);
    n.string(4, op);
    if (attribute != null) {
      n.message(5, attribute);
    }
    return n;
  }

  private static Proto keepdims() {
    Proto a = new Proto();
    a.string(1, "keepdims");
    a.int64(3, 1); // i
    a.int64(20, 2); // type = INT
    return a;
  }

  private static Proto floatTensor(String name, float[] values) {
    return floatTensor(name, values, values.length);
  }

  private static Proto floatTensor(String name, float[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    Proto t = new Proto();
    for (long dim : dims) {
      t.int64(1, dim); // dims
    }
    t.int64(2, 1); // data_type = FLOAT
    t.string(8, name);
    t.bytes(9, raw.array()); // raw_data
    return t;
  }

  private static Proto int64Tensor(String name, long[] values) {
    ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      raw.putLong(v);
    }
    Proto t = new Proto();
    t.int64(1, values.length);
    t.int64(2, 7); // data_type = INT64
    t.string(8, name);
    t.bytes(9, raw.array());
    return t;
  }

  /** ValueInfoProto of a float32 tensor [N, cols] with a symbolic batch dimension. */
  private static Proto valueInfo(String name, long cols) {
    Proto batch = new Proto();
    batch.string(2, "N"); // dim_param
    Proto width = new Proto();
    width.int64(1, cols); // dim_value
    Proto shape = new Proto();
    shape.message(1, batch);
    shape.message(1, width);
    Proto tensor = new Proto();
    tensor.int64(1, 1); // elem_type = FLOAT
    tensor.message(2, shape);
    Proto type = new Proto();
    type.message(1, tensor); // tensor_type
    Proto info = new Proto();
    info.string(1, name);
    info.message(2, type);
    return info;
  }

  /** The protobuf wire format, just the varint and length-delimited fields ONNX needs. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void int64(int field, long value) {
      varint((long) field << 3);
      varint(value);
    }

    void string(int field, String value) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(int field, byte[] value) {
      varint(((long) field << 3) | 2);
      varint(value.length);
      out.writeBytes(value);
    }

    void message(int field, Proto value) {
      bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }

    private void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
