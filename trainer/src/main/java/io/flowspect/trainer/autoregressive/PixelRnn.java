package io.flowspect.trainer.autoregressive;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PixelRNN with Row LSTM layers (van den Oord, Kalchbrenner and Kavukcuoglu 2016, section 3.1): the
 * exact, discrete likelihood of PixelCNN, but each layer carries an LSTM state down the image one
 * row at a time, so a pixel's conditional can read context from far above it through the state
 * instead of through a stack of convolutions.
 *
 * <p>Layer l computes its input-to-state gates for the whole image at once with a 3 x 3 type-B
 * masked convolution of its input, then walks the rows: row i's gates add a 1 x 3 convolution of
 * row i - 1's hidden state (a 3 x 3 kernel whose top and bottom rows are masked to zero, since the
 * state is one row high), and
 *
 * <pre>
 *   c_i = sigmoid(f) * c_(i-1) + sigmoid(i) * tanh(g),   h_i = sigmoid(o) * tanh(c_i)
 * </pre>
 *
 * The rows are unrolled in the graph (ONNX needs no LSTM operator and DJL trains through them), and
 * each layer's output is added back to its input through a 1 x 1 masked convolution. Every feature
 * at a position sees only the sub-pixels before it, so the 256-way softmax head of PixelCNN gives
 * every conditional: {@code pixel_nll}, {@code pixel_cdf} and the logits sampling reads.
 */
public final class PixelRnn implements DensityNetwork {

  /** The family, declared here as the family packages do. */
  public static final Family FAMILY = new Family("pixelrnn", Family.Kind.AUTOREGRESSIVE, false);

  private static final int GATES = 4;

  private final InputSpec input;
  private final int filters;
  private final int layers;

  /**
   * @param input image shape
   * @param filters hidden feature maps (and LSTM units per position); divisible by the channels
   * @param layers Row LSTM layers
   */
  public PixelRnn(InputSpec input, int filters, int layers) {
    if (filters < 1 || filters % input.channels() != 0 || layers < 1) {
      throw new IllegalArgumentException(
          "pixelrnn needs --filters divisible by the "
              + input.channels()
              + " channels and at least one --layers; found filters "
              + filters
              + ", layers "
              + layers);
    }
    this.input = input;
    this.filters = filters;
    this.layers = layers;
  }

  @Override
  public Family family() {
    return FAMILY;
  }

  @Override
  public InputSpec input() {
    return input;
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("filters", filters);
    hp.put("layers", layers);
    hp.put("recurrence", "Row LSTM, rows unrolled in the graph");
    hp.put("output", "256-way categorical per sub-pixel");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    int c = input.channels();
    int f = filters;
    List<ParamSpec> specs = new ArrayList<>();
    CategoricalHead.conv(specs, "input", f, c, 7);
    for (int l = 0; l < layers; l++) {
      CategoricalHead.conv(specs, "lstm" + l + ".input", GATES * f, f, 3);
      specs.add(
          new ParamSpec(
              "lstm" + l + ".state.weight",
              new long[] {GATES * f, f, 3, 3},
              ParamSpec.heNormal((long) f * 3 / 2 + 1)));
      CategoricalHead.conv(specs, "lstm" + l + ".out", f, f, 1);
    }
    CategoricalHead.parameters(specs, f, c);
    return specs;
  }

  /** Keeps the middle row of a 3 x 3 kernel: a 1 x 3 convolution along a one-row state. */
  private static float[] middleRow(int out, int in) {
    float[] mask = new float[out * in * 9];
    for (int i = 0; i < out * in; i++) {
      mask[i * 9 + 3] = 1;
      mask[i * 9 + 4] = 1;
      mask[i * 9 + 5] = 1;
    }
    return mask;
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    int c = input.channels();
    int f = filters;
    int[] featureGroups = MaskedConv.groups(f, c);
    int[] gateGroups = new int[GATES * f];
    for (int g = 0; g < GATES; g++) {
      System.arraycopy(featureGroups, 0, gateGroups, g * f, f);
    }
    T h = MaskedConv.imageInput(ops, x, input, featureGroups);
    for (int l = 0; l < layers; l++) {
      String n = "lstm" + l;
      T gates =
          MaskedConv.apply(ops, n + ".input", h, MaskedConv.Type.B, featureGroups, gateGroups, 3);
      T stateWeight =
          ops.maskedParam(n + ".state.weight", middleRow(GATES * f, f), GATES * f, f, 3, 3);
      List<T> rows = new ArrayList<>();
      T hidden = null;
      T cell = null;
      for (int i = 0; i < input.height(); i++) {
        T g = ops.slice(gates, 2, i, i + 1L);
        if (hidden != null) {
          g = ops.add(g, ops.conv2d(hidden, stateWeight, null, 1));
        }
        T out = ops.sigmoid(ops.slice(g, 1, 0, f));
        T forget = ops.sigmoid(ops.slice(g, 1, f, 2L * f));
        T in = ops.sigmoid(ops.slice(g, 1, 2L * f, 3L * f));
        T candidate = ops.tanh(ops.slice(g, 1, 3L * f, 4L * f));
        T written = ops.mul(in, candidate);
        cell = cell == null ? written : ops.add(ops.mul(forget, cell), written);
        hidden = ops.mul(out, ops.tanh(cell));
        rows.add(hidden);
      }
      T walked = ops.concat(2, rows);
      h =
          ops.add(
              h,
              MaskedConv.apply(
                  ops, n + ".out", walked, MaskedConv.Type.B, featureGroups, featureGroups, 1));
    }
    return CategoricalHead.outputs(ops, h, x, input, featureGroups);
  }
}
