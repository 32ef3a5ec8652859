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
 * PixelCNN (van den Oord et al. 2016) with gated residual blocks: an exact, discrete likelihood,
 * p(x) = prod over sub-pixels of a 256-way softmax conditioned on everything above and to the left
 * (and on earlier colour channels of the same pixel).
 *
 * <p>It exposes every conditional: {@code pixel_nll} is -log p(x_i | x_<i) per sub-pixel, and the
 * logits are what PixelDefend purification needs.
 */
public final class PixelCnn implements DensityNetwork {

  private final PixelCnnConfig config;

  public PixelCnn(PixelCnnConfig config) {
    this.config = config;
  }

  @Override
  public Family family() {
    return Family.PIXELCNN;
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("filters", config.filters());
    hp.put("blocks", config.blocks());
    hp.put("seed", config.seed());
    hp.put("output", "256-way categorical per sub-pixel");
    return hp;
  }

  private int channels() {
    return config.input().channels();
  }

  @Override
  public List<ParamSpec> parameters() {
    int c = channels();
    int f = config.filters();
    List<ParamSpec> specs = new ArrayList<>();
    conv(specs, "input", f, c, 7);
    for (int b = 0; b < config.blocks(); b++) {
      conv(specs, "block" + b + ".gate", 2 * f, f, 3);
      conv(specs, "block" + b + ".out", f, f, 1);
    }
    CategoricalHead.parameters(specs, f, c);
    return specs;
  }

  private static void conv(List<ParamSpec> specs, String name, int out, int in, int k) {
    CategoricalHead.conv(specs, name, out, in, k);
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    InputSpec in = config.input();
    int c = channels();
    int f = config.filters();
    int[] featureGroups = MaskedConv.groups(f, c);
    T h = MaskedConv.imageInput(ops, x, in, featureGroups);
    for (int b = 0; b < config.blocks(); b++) {
      int[] gateGroups = MaskedConv.concat(featureGroups, featureGroups);
      T t =
          MaskedConv.apply(
              ops, "block" + b + ".gate", h, MaskedConv.Type.B, featureGroups, gateGroups, 3);
      T gated = ops.mul(ops.tanh(ops.slice(t, 1, 0, f)), ops.sigmoid(ops.slice(t, 1, f, 2L * f)));
      h =
          ops.add(
              h,
              MaskedConv.apply(
                  ops,
                  "block" + b + ".out",
                  gated,
                  MaskedConv.Type.B,
                  featureGroups,
                  featureGroups,
                  1));
    }
    return CategoricalHead.outputs(ops, h, x, in, featureGroups);
  }
}
