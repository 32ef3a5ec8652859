package io.flowspect.trainer.export;

import io.flowspect.core.bundle.BundleContract.File;
import io.flowspect.core.bundle.BundleContract.Role;
import io.flowspect.core.bundle.BundleContract.Tensor;
import io.flowspect.core.bundle.Condition;
import io.flowspect.trainer.graph.OnnxOps;
import io.flowspect.trainer.model.ConditionalLatentNetwork;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.InvertibleFlow;
import io.flowspect.trainer.model.LatentNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes a trained model's ONNX graphs, each from the model's own generic forward pass.
 *
 * <ul>
 *   <li>{@code density} ({@value #DENSITY_FILE}): x [N, D] raw 0..255 to {@code log_px} [N, 1]
 *       (nats), plus {@code pixel_nll} [N, D] (autoregressive) or {@code z} [N, D] (flows:
 *       standardised latent); PixelCNN adds {@code pixel_cdf} [N, D], each sub-pixel's
 *       mid-distribution CDF under its conditional, the signed companion of {@code pixel_nll}.
 *   <li>{@code conditionals} (PixelCNN): x to {@code logits} [N, D * 256], the per-sub-pixel logits
 *       purification samples from; a separate graph so that plain scoring never pays for a
 *       256-times larger output.
 *   <li>{@code generate} (flows): {@code z} [N, D] to {@code x} [N, D] (continuous pixel values)
 *       and {@code log_px} [N, 1].
 *   <li>{@code bound} (latent-variable models, {@value #DENSITY_FILE}): x [N, D] and
 *       standard-normal noise {@code eps} [N, K * L] (K free) to {@code log_w} [N * K, 1], the log
 *       importance weights, plus {@code log_w_k} [N * K, 1] (hierarchical VAEs: the L^{>k}
 *       bound's); see {@link io.flowspect.core.onnx.LatentModel}. VAEs with a per-pixel map add
 *       {@code pixel_nll} and {@code pixel_cdf} at the posterior mean.
 *   <li>{@code decode} (latent-variable models): {@code eps} [N, L] to the decoder's mean image
 *       {@code x} [N, D] (continuous pixel values).
 *   <li>conditional models (cvae): both latent graphs take one more input, {@code c} [N, C], the
 *       one-hot class of each row.
 * </ul>
 */
public final class GraphExport {

  public static final String DENSITY = Role.DENSITY;
  public static final String CONDITIONALS = Role.CONDITIONALS;
  public static final String GENERATE = Role.GENERATE;
  public static final String BOUND = Role.BOUND;
  public static final String DECODE = Role.DECODE;

  /** The one-hot condition input of a conditional model's bound and decode graphs. */
  public static final String CONDITION = Tensor.CONDITION;

  /** The per-sub-pixel mid-distribution CDF output, the signed companion of {@code pixel_nll}. */
  public static final String PIXEL_CDF = Tensor.PIXEL_CDF;

  /** Width recorded for an input whose width is free (the noise of K samples). */
  public static final int FREE = -1;

  static final String DENSITY_FILE = File.MODEL;

  private GraphExport() {}

  /** A written graph: its role, file and the widths of its [N, width] inputs and outputs. */
  public record WrittenGraph(
      String role, String file, Map<String, Integer> inputs, Map<String, Integer> outputs) {}

  /**
   * Where a network's graphs go: writers named after its family, fed the same weights, written into
   * one folder with the same metadata.
   */
  private record Target(
      String family,
      Function<String, float[]> values,
      Function<String, long[]> shapes,
      Path dir,
      Map<String, String> metadata) {

    /** A writer for the graph {@code <family>-<name>}. */
    OnnxGraphWriter graph(String name) {
      return new OnnxGraphWriter(family + "-" + name, values, shapes);
    }

    /** Writes a graph as {@code file} in the folder. */
    void write(OnnxGraphWriter graph, String file) throws IOException {
      graph.write(dir.resolve(file), metadata);
    }
  }

  public static List<WrittenGraph> write(
      GenerativeNetwork network,
      Function<String, float[]> values,
      Function<String, long[]> shapes,
      Path dir,
      Map<String, String> metadata)
      throws IOException {
    Target target = new Target(network.family().id(), values, shapes, dir, metadata);
    if (network instanceof LatentNetwork latent) {
      return writeLatent(latent, target);
    }
    return writeDensity((DensityNetwork) network, target);
  }

  private static List<WrittenGraph> writeDensity(DensityNetwork model, Target target)
      throws IOException {
    int d = model.dims();
    List<WrittenGraph> graphs = new ArrayList<>();

    OnnxGraphWriter density = target.graph("density");
    OnnxOps ops = density.ops();
    ONNXRef<?> x = density.input(Tensor.IMAGE, d);
    DensityOutputs<ONNXRef<?>> out = model.logDensity(ops, x, ops.scalar(0.5f));
    Map<String, Integer> outputs = new LinkedHashMap<>();
    output(density, outputs, Tensor.LOG_PX, out.logPx(), 1);
    output(density, outputs, Tensor.PIXEL_NLL, out.pixelNll(), d);
    output(density, outputs, PIXEL_CDF, out.pixelCdf() == null ? null : out.pixelCdf().get(), d);
    output(density, outputs, Tensor.LATENT, out.latent(), d);
    target.write(density, DENSITY_FILE);
    graphs.add(new WrittenGraph(DENSITY, DENSITY_FILE, Map.of(Tensor.IMAGE, d), outputs));

    if (out.logits() != null) {
      OnnxGraphWriter cond = target.graph("conditionals");
      OnnxOps cops = cond.ops();
      ONNXRef<?> cx = cond.input(Tensor.IMAGE, d);
      DensityOutputs<ONNXRef<?>> cout = model.logDensity(cops, cx, cops.scalar(0.5f));
      cond.output(Tensor.LOGITS, cout.logits(), d * 256);
      target.write(cond, File.CONDITIONALS);
      graphs.add(
          new WrittenGraph(
              CONDITIONALS,
              File.CONDITIONALS,
              Map.of(Tensor.IMAGE, d),
              Map.of(Tensor.LOGITS, d * 256)));
    }

    if (model instanceof InvertibleFlow flow) {
      OnnxGraphWriter gen = target.graph("generate");
      OnnxOps gops = gen.ops();
      ONNXRef<?> z = gen.input(Tensor.LATENT, d);
      InvertibleFlow.Sample<ONNXRef<?>> s = flow.generate(gops, z, gops.scalar(0.5f));
      gen.output(Tensor.IMAGE, s.x(), d);
      gen.output(Tensor.LOG_PX, s.logPx(), 1);
      target.write(gen, File.GENERATE);
      graphs.add(
          new WrittenGraph(
              GENERATE,
              File.GENERATE,
              Map.of(Tensor.LATENT, d),
              Map.of(Tensor.IMAGE, d, Tensor.LOG_PX, 1)));
    }
    return graphs;
  }

  private static List<WrittenGraph> writeLatent(LatentNetwork model, Target target)
      throws IOException {
    int d = model.dims();
    List<WrittenGraph> graphs = new ArrayList<>();
    OnnxGraphWriter bound = target.graph("bound");
    OnnxOps ops = bound.ops();
    ONNXRef<?> x = bound.input(Tensor.IMAGE, d);
    ONNXRef<?> eps = bound.dynamicInput(Tensor.NOISE);
    Condition condition = ConditionalLatentNetwork.conditionOf(model);
    ONNXRef<?> c = condition == null ? null : bound.input(CONDITION, condition.size());
    LatentNetwork.ImportanceWeights<ONNXRef<?>> w =
        ConditionalLatentNetwork.logWeightsOf(model, ops, x, c, eps);
    Map<String, Integer> outputs = new LinkedHashMap<>();
    output(bound, outputs, Tensor.LOG_W, w.logW(), 1);
    output(bound, outputs, Tensor.LOG_W_K, w.logWk(), 1);
    output(bound, outputs, Tensor.PIXEL_NLL, model.reconstructionNll(ops, x), d);
    output(bound, outputs, PIXEL_CDF, model.reconstructionCdf(ops, x), d);
    target.write(bound, DENSITY_FILE);
    Map<String, Integer> inputs = new LinkedHashMap<>();
    inputs.put(Tensor.IMAGE, d);
    inputs.put(Tensor.NOISE, FREE);
    graphs.add(new WrittenGraph(BOUND, DENSITY_FILE, withCondition(inputs, condition), outputs));

    OnnxGraphWriter decode = target.graph("decode");
    OnnxOps dops = decode.ops();
    ONNXRef<?> noise = decode.input(Tensor.NOISE, model.noiseDims());
    ONNXRef<?> dc = condition == null ? null : decode.input(CONDITION, condition.size());
    decode.output(Tensor.IMAGE, ConditionalLatentNetwork.decodeOf(model, dops, dc, noise), d);
    target.write(decode, File.DECODE);
    Map<String, Integer> decodeInputs = new LinkedHashMap<>();
    decodeInputs.put(Tensor.NOISE, model.noiseDims());
    graphs.add(
        new WrittenGraph(
            DECODE, File.DECODE, withCondition(decodeInputs, condition), Map.of(Tensor.IMAGE, d)));
    return graphs;
  }

  /** A conditional model's graphs take the one-hot condition after their other inputs. */
  private static Map<String, Integer> withCondition(
      Map<String, Integer> inputs, Condition condition) {
    if (condition != null) {
      inputs.put(CONDITION, condition.size());
    }
    return inputs;
  }

  /** Adds an output to the graph and its width to {@code widths}; nothing when it is absent. */
  private static void output(
      OnnxGraphWriter graph,
      Map<String, Integer> widths,
      String name,
      ONNXRef<?> value,
      int width) {
    if (value != null) {
      graph.output(name, value, width);
      widths.put(name, width);
    }
  }
}
