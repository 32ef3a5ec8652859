package io.flowspect.trainer.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXRef;

/**
 * {@link Ops} that append ONNX nodes to a Tribuo {@link ONNXContext}: the export backend.
 *
 * <p>Parameters become initializers holding the trained values, read once per name through {@code
 * values}. Not thread-safe: one export builds one graph.
 */
public final class OnnxOps implements Ops<ONNXRef<?>> {

  private static final int ONNX_INT64 = 7;
  private static final int ONNX_FLOAT = 1;

  private final ONNXContext ctx;
  private final Function<String, float[]> values;
  private final Function<String, long[]> shapes;
  private final Map<String, ONNXRef<?>> params = new HashMap<>();
  private final Map<String, float[]> paramValues = new HashMap<>();

  /**
   * @param ctx the graph being built
   * @param values a parameter's trained values by name
   * @param shapes a parameter's shape by name
   */
  public OnnxOps(
      ONNXContext ctx, Function<String, float[]> values, Function<String, long[]> shapes) {
    this.ctx = ctx;
    this.values = values;
    this.shapes = shapes;
  }

  public ONNXContext context() {
    return ctx;
  }

  @Override
  public ONNXRef<?> param(String name) {
    return params.computeIfAbsent(name, n -> tensor(n, paramValues(n), shapes.apply(n)));
  }

  /** Stores the masked product as the parameter's initializer: the mask is never in the graph. */
  @Override
  public ONNXRef<?> maskedParam(String name, float[] mask, long... shape) {
    return params.computeIfAbsent(
        name,
        n -> {
          float[] w = paramValues(n);
          if (w.length != mask.length) {
            throw new IllegalArgumentException(
                "mask of " + n + " has " + mask.length + " values, the parameter " + w.length);
          }
          float[] product = new float[w.length];
          for (int i = 0; i < w.length; i++) {
            product[i] = w[i] * mask[i];
          }
          return tensor(n, product, shape);
        });
  }

  @Override
  public float[] paramValues(String name) {
    return paramValues.computeIfAbsent(name, values);
  }

  @Override
  public ONNXRef<?> constant(float[] values, long... shape) {
    return tensor("const", values, shape);
  }

  @Override
  public ONNXRef<?> scalar(float value) {
    return ctx.constant("scalar", value);
  }

  private ONNXInitializer tensor(String name, float[] data, long[] shape) {
    List<Integer> dims = new ArrayList<>();
    for (long d : shape) {
      dims.add(Math.toIntExact(d));
    }
    return ctx.floatTensor(name, dims, buffer -> buffer.put(data));
  }

  private ONNXRef<?> op(OnnxOp op, List<ONNXRef<?>> inputs, Map<String, Object> attributes) {
    return ctx.operation(op, inputs, op.getOpName().toLowerCase(), attributes);
  }

  private ONNXRef<?> op(OnnxOp op, ONNXRef<?>... inputs) {
    return op(op, List.of(inputs), Map.of());
  }

  @Override
  public ONNXRef<?> add(ONNXRef<?> a, ONNXRef<?> b) {
    return op(OnnxOp.ADD, a, b);
  }

  @Override
  public ONNXRef<?> sub(ONNXRef<?> a, ONNXRef<?> b) {
    return op(OnnxOp.SUB, a, b);
  }

  @Override
  public ONNXRef<?> mul(ONNXRef<?> a, ONNXRef<?> b) {
    return op(OnnxOp.MUL, a, b);
  }

  @Override
  public ONNXRef<?> div(ONNXRef<?> a, ONNXRef<?> b) {
    return op(OnnxOp.DIV, a, b);
  }

  @Override
  public ONNXRef<?> neg(ONNXRef<?> a) {
    return op(OnnxOp.NEG, a);
  }

  @Override
  public ONNXRef<?> exp(ONNXRef<?> a) {
    return op(OnnxOp.EXP, a);
  }

  @Override
  public ONNXRef<?> log(ONNXRef<?> a) {
    return op(OnnxOp.LOG, a);
  }

  @Override
  public ONNXRef<?> tanh(ONNXRef<?> a) {
    return op(OnnxOp.TANH, a);
  }

  @Override
  public ONNXRef<?> sigmoid(ONNXRef<?> a) {
    return op(OnnxOp.SIGMOID, a);
  }

  @Override
  public ONNXRef<?> sin(ONNXRef<?> a) {
    return op(OnnxOp.SIN, a);
  }

  @Override
  public ONNXRef<?> cos(ONNXRef<?> a) {
    return op(OnnxOp.COS, a);
  }

  @Override
  public ONNXRef<?> relu(ONNXRef<?> a) {
    return op(OnnxOp.RELU, a);
  }

  @Override
  public ONNXRef<?> step(ONNXRef<?> a) {
    ONNXRef<?> positive = op(OnnxOp.GREATER, List.of(a, scalar(0f)), Map.of());
    return op(OnnxOp.CAST, List.of(positive), Map.of("to", ONNX_FLOAT));
  }

  @Override
  public ONNXRef<?> matmul(ONNXRef<?> a, ONNXRef<?> b) {
    return op(OnnxOp.MATMUL, a, b);
  }

  @Override
  public ONNXRef<?> conv2d(ONNXRef<?> x, ONNXRef<?> weight, ONNXRef<?> bias, int padding) {
    List<ONNXRef<?>> inputs = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
    return op(OnnxOp.CONV, inputs, Map.of("pads", new int[] {padding, padding, padding, padding}));
  }

  @Override
  public ONNXRef<?> reshape(ONNXRef<?> x, long... shape) {
    return op(OnnxOp.RESHAPE, x, ctx.array("shape", shape));
  }

  @Override
  public ONNXRef<?> reshapeKeepBatch(ONNXRef<?> x, long... shape) {
    long[] full = new long[shape.length + 1];
    System.arraycopy(shape, 0, full, 1, shape.length);
    return op(OnnxOp.RESHAPE, x, ctx.array("shape", full));
  }

  @Override
  public ONNXRef<?> transpose(ONNXRef<?> x, int... perm) {
    return op(OnnxOp.TRANSPOSE, List.of(x), Map.of("perm", perm.clone()));
  }

  @Override
  public ONNXRef<?> slice(ONNXRef<?> x, int axis, long start, long end) {
    return op(
        OnnxOp.SLICE,
        x,
        ctx.array("starts", new long[] {start}),
        ctx.array("ends", new long[] {end}),
        ctx.array("axes", new long[] {axis}));
  }

  @Override
  public ONNXRef<?> concat(int axis, List<ONNXRef<?>> parts) {
    return op(OnnxOp.CONCAT, parts, Map.of("axis", axis));
  }

  @Override
  public ONNXRef<?> sum(ONNXRef<?> x, int... axes) {
    long[] axesLong = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      axesLong[i] = axes[i];
    }
    return op(OnnxOp.REDUCE_SUM, List.of(x, ctx.array("axes", axesLong)), Map.of("keepdims", 0));
  }

  @Override
  public ONNXRef<?> cumsum(ONNXRef<?> x, int axis) {
    return op(OnnxOp.CUMSUM, List.of(x, ctx.constant("axis", (long) axis)), Map.of());
  }

  @Override
  public ONNXRef<?> logSoftmax(ONNXRef<?> x, int axis) {
    return op(OnnxOp.LOG_SOFTMAX, List.of(x), Map.of("axis", axis));
  }

  @Override
  public ONNXRef<?> gather(ONNXRef<?> x, ONNXRef<?> index, int axis) {
    ONNXRef<?> longIndex = op(OnnxOp.CAST, List.of(index), Map.of("to", ONNX_INT64));
    return op(OnnxOp.GATHER_ELEMENTS, List.of(x, longIndex), Map.of("axis", axis));
  }
}
