package io.flowspect.trainer.autoregressive;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/**
 * One Gaussian MADE (Germain et al. 2015) over D values: relu hidden layers and an output of a
 * shift and a log scale per value, each reading only the values before it in the MADE's order
 * (raster order, or reversed). MAF applies it as (l - shift) exp(-log scale); an inverse
 * autoregressive flow as l exp(log scale) + shift.
 */
public final class Made {

  private Made() {}

  /** The shift and log scale of every value, both [N, D]. */
  public record Output<T>(T shift, T logScale) {}

  /**
   * Declares the parameters of one MADE under {@code prefix} (e.g. "made0").
   *
   * @param d values
   * @param hidden units of each hidden layer
   * @param hiddenLayers hidden layers, at least 1
   */
  public static void parameters(
      List<ParamSpec> specs, String prefix, int d, int hidden, int hiddenLayers) {
    int in = d;
    for (int layer = 0; layer < hiddenLayers; layer++) {
      String n = prefix + ".hidden" + layer;
      specs.add(new ParamSpec(n + ".weight", new long[] {in, hidden}, ParamSpec.heNormal(in)));
      specs.add(new ParamSpec(n + ".bias", new long[] {hidden}, ParamSpec.zeros()));
      in = hidden;
    }
    // zero output: the MADE starts as the identity
    specs.add(
        new ParamSpec(prefix + ".out.weight", new long[] {hidden, 2L * d}, ParamSpec.zeros()));
    specs.add(new ParamSpec(prefix + ".out.bias", new long[] {2L * d}, ParamSpec.zeros()));
  }

  /**
   * Runs one MADE.
   *
   * @param l the values [N, D]
   * @param reversed whether the order is reversed raster order
   */
  public static <T> Output<T> apply(
      Ops<T> ops, String prefix, T l, int d, int hidden, int hiddenLayers, boolean reversed) {
    int[] hiddenDegrees = MadeMasks.hiddenDegrees(hidden, d);
    int[] degrees = MadeMasks.inputDegrees(d, reversed);
    T h = l;
    int[] previous = degrees;
    for (int layer = 0; layer < hiddenLayers; layer++) {
      String n = prefix + ".hidden" + layer;
      T w =
          ops.maskedParam(
              n + ".weight",
              MadeMasks.hidden(previous, hiddenDegrees),
              previous.length,
              hiddenDegrees.length);
      h = ops.relu(ops.add(ops.matmul(h, w), ops.param(n + ".bias")));
      previous = hiddenDegrees;
    }
    T w =
        ops.maskedParam(
            prefix + ".out.weight",
            MadeMasks.output(hiddenDegrees, degrees, 2),
            hiddenDegrees.length,
            2L * d);
    T out = ops.add(ops.matmul(h, w), ops.param(prefix + ".out.bias"));
    return new Output<>(ops.slice(out, 1, 0, d), ops.slice(out, 1, d, 2L * d));
  }
}
