package io.flowspect.trainer.graph;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

/**
 * The ONNX operators (opset {@value #OPSET}) Flowspect's exported graphs use.
 *
 * <p>Why not Tribuo's own {@code ONNXOperators}: it lacks Conv, Exp, Log, Tanh, Slice, Reshape and
 * more; Tribuo's public {@link ONNXOperator} interface lets this enum add them while Tribuo still
 * writes and validates the nodes.
 */
public enum OnnxOp implements ONNXOperator {
  ADD("Add", 2),
  SUB("Sub", 2),
  MUL("Mul", 2),
  DIV("Div", 2),
  NEG("Neg", 1),
  EXP("Exp", 1),
  LOG("Log", 1),
  TANH("Tanh", 1),
  SIGMOID("Sigmoid", 1),
  SIN("Sin", 1),
  COS("Cos", 1),
  RELU("Relu", 1),
  GREATER("Greater", 2),
  IDENTITY("Identity", 1),
  MATMUL("MatMul", 2),
  CONV("Conv", 2, 1, attr("pads", AttributeType.INTS), attr("kernel_shape", AttributeType.INTS)),
  RESHAPE("Reshape", 2),
  TRANSPOSE("Transpose", 1, 0, attr("perm", AttributeType.INTS)),
  SLICE("Slice", 3, 2),
  CONCAT("Concat", ONNXAttribute.VARIADIC_INPUT, 0, mandatory("axis", AttributeType.INT)),
  REDUCE_SUM("ReduceSum", 1, 1, attr("keepdims", AttributeType.INT)),
  CUMSUM("CumSum", 2),
  LOG_SOFTMAX("LogSoftmax", 1, 0, attr("axis", AttributeType.INT)),
  GATHER_ELEMENTS("GatherElements", 2, 0, attr("axis", AttributeType.INT)),
  CAST("Cast", 1, 0, mandatory("to", AttributeType.INT));

  /** The opset every exported graph declares. */
  public static final int OPSET = 13;

  private final String opName;
  private final int numInputs;
  private final int numOptionalInputs;
  private final Map<String, ONNXAttribute> attributes;

  OnnxOp(String opName, int numInputs) {
    this(opName, numInputs, 0);
  }

  OnnxOp(String opName, int numInputs, int numOptionalInputs, ONNXAttribute... attributes) {
    this.opName = opName;
    this.numInputs = numInputs;
    this.numOptionalInputs = numOptionalInputs;
    Map<String, ONNXAttribute> map = new LinkedHashMap<>();
    for (ONNXAttribute a : attributes) {
      map.put(a.getName(), a);
    }
    this.attributes = Collections.unmodifiableMap(map);
  }

  private static ONNXAttribute attr(String name, AttributeType type) {
    return new ONNXAttribute(name, type, false);
  }

  private static ONNXAttribute mandatory(String name, AttributeType type) {
    return new ONNXAttribute(name, type, true);
  }

  @Override
  public String getOpName() {
    return opName;
  }

  @Override
  public int getNumInputs() {
    return numInputs;
  }

  @Override
  public int getNumOptionalInputs() {
    return numOptionalInputs;
  }

  @Override
  public int getNumOutputs() {
    return 1;
  }

  @Override
  public Map<String, ONNXAttribute> getAttributes() {
    return attributes;
  }

  @Override
  public Set<String> getMandatoryAttributeNames() {
    return attributes.values().stream()
        .filter(ONNXAttribute::isMandatory)
        .map(ONNXAttribute::getName)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public int getOpVersion() {
    return OPSET;
  }

  @Override
  public String getOpDomain() {
    return "";
  }
}
