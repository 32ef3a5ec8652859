package io.flowspect.trainer.export;

import ai.onnx.proto.OnnxMl;
import io.flowspect.trainer.graph.OnnxOp;
import io.flowspect.trainer.graph.OnnxOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Builds one ONNX model with a dynamic batch: a float input [N, k], the nodes a model's generic
 * forward pass appends through {@link OnnxOps}, and named float outputs [N, m].
 */
final class OnnxGraphWriter {

  private final ONNXContext ctx = new ONNXContext();
  private final OnnxOps ops;
  private final Map<String, Integer> outputs = new LinkedHashMap<>();
  private final java.util.Set<String> dynamicInputs = new java.util.HashSet<>();

  OnnxGraphWriter(
      String graphName, Function<String, float[]> values, Function<String, long[]> shapes) {
    ctx.setName(graphName);
    this.ops = new OnnxOps(ctx, values, shapes);
  }

  OnnxOps ops() {
    return ops;
  }

  ONNXRef<?> input(String name, int width) {
    return ctx.floatInput(name, width);
  }

  /** An input [N, W] whose width W, like N, is only known when the graph runs. */
  ONNXRef<?> dynamicInput(String name) {
    dynamicInputs.add(name);
    return ctx.floatInput(name, 1);
  }

  /** Declares an output [N, width] fed from {@code value} (reshaped to that shape). */
  void output(String name, ONNXRef<?> value, int width) {
    ONNXPlaceholder out = ctx.floatOutput(name, width);
    ONNXRef<?> shaped = ops.reshape(value, -1, width);
    ctx.assignTo(shaped, out);
    outputs.put(name, width);
  }

  /** Replaces the fixed width of every dynamic input with a named, free dimension. */
  private OnnxMl.GraphProto withDynamicWidths(OnnxMl.GraphProto graph) {
    if (dynamicInputs.isEmpty()) {
      return graph;
    }
    OnnxMl.GraphProto.Builder builder = graph.toBuilder();
    for (OnnxMl.ValueInfoProto.Builder input : builder.getInputBuilderList()) {
      if (dynamicInputs.contains(input.getName())) {
        input
            .getTypeBuilder()
            .getTensorTypeBuilder()
            .getShapeBuilder()
            .getDimBuilder(1)
            .clearDimValue()
            .setDimParam(input.getName() + "_width");
      }
    }
    return builder.build();
  }

  /**
   * Drops initializers that no node reads (a constant a family's forward pass took but did not use,
   * such as the dequantisation offset of a PixelCNN), which ONNX Runtime would otherwise warn about
   * every time the graph is loaded.
   */
  private static OnnxMl.GraphProto withoutUnusedInitializers(OnnxMl.GraphProto graph) {
    java.util.Set<String> used = new java.util.HashSet<>();
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      used.addAll(node.getInputList());
    }
    for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
      used.add(output.getName());
    }
    if (graph.getInitializerList().stream().allMatch(t -> used.contains(t.getName()))) {
      return graph;
    }
    OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearInitializer();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      if (used.contains(t.getName())) {
        builder.addInitializer(t);
      }
    }
    return builder.build();
  }

  /** Serialises the model with its metadata (opset {@value OnnxOp#OPSET}). */
  void write(Path file, Map<String, String> metadata) throws IOException {
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("flowspect-trainer")
            .setProducerVersion("1")
            .setDomain("io.flowspect")
            .setModelVersion(1)
            .addOpsetImport(OnnxOp.ADD.opsetProto())
            .setGraph(withoutUnusedInitializers(withDynamicWidths(ctx.buildGraph())));
    metadata.forEach(
        (k, v) ->
            model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, model.build().toByteArray());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
