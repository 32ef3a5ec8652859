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

  private static final int LEVELS = 256;

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
    conv(specs, "head", f, f, 1);
    // Zero logits: training starts from the uniform 8 bits/dim instead of a random, confident
    // guess.
    specs.add(new ParamSpec("logits.weight", new long[] {LEVELS * c, f, 1, 1}, ParamSpec.zeros()));
    specs.add(new ParamSpec("logits.bias", new long[] {LEVELS * c}, ParamSpec.zeros()));
    return specs;
  }

  private static void conv(List<ParamSpec> specs, String name, int out, int in, int k) {
    specs.add(
        new ParamSpec(
            name + ".weight",
            new long[] {out, in, k, k},
            ParamSpec.heNormal((long) in * k * k / 2 + 1)));
    specs.add(new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.zeros()));
  }

  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    InputSpec in = config.input();
    int c = channels();
    int f = config.filters();
    int height = in.height();
    int width = in.width();
    T image = ops.reshape(x, -1, c, height, width);
    T scaled = ops.sub(ops.div(image, ops.scalar(127.5f)), ops.scalar(1f));

    int[] inputGroups = MaskedConv.groups(c, c);
    int[] featureGroups = MaskedConv.groups(f, c);
    T h = MaskedConv.apply(ops, "input", scaled, MaskedConv.Type.A, inputGroups, featureGroups, 7);
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
    T head =
        ops.relu(
            MaskedConv.apply(
                ops, "head", ops.relu(h), MaskedConv.Type.B, featureGroups, featureGroups, 1));
    T logits =
        MaskedConv.apply(
            ops,
            "logits",
            head,
            MaskedConv.Type.B,
            featureGroups,
            MaskedConv.groups(LEVELS * c, c),
            1);

    T perChannel = ops.reshape(logits, -1, c, LEVELS, height, width);
    T logProbs = ops.logSoftmax(perChannel, 2);
    T index = ops.reshape(x, -1, c, 1, height, width);
    T picked = ops.reshape(ops.gather(logProbs, index, 2), -1, in.dims());
    T flatLogits =
        ops.reshape(ops.transpose(perChannel, 0, 1, 3, 4, 2), -1, (long) in.dims() * LEVELS);
    return new DensityOutputs<>(
        ops.sum(picked, 1),
        ops.neg(picked),
        () -> midCdf(ops, logProbs, index, picked),
        flatLogits,
        null);
  }

  /**
   * P(X_i &lt; x_i | x_&lt;i) + P(X_i = x_i | x_&lt;i) / 2 per sub-pixel, [N, D]: the softmax mass
   * of the levels below the pixel's own, through a 0/1 mask relu(x - k) - relu(x - k - 1) that is 1
   * exactly for the integer levels k &lt; x (no comparison op needed), plus half the pixel's own.
   *
   * @param logProbs [N, C, 256, H, W]
   * @param index the pixel values as [N, C, 1, H, W]
   * @param picked log-probability of each pixel's own level, [N, D]
   */
  private <T> T midCdf(Ops<T> ops, T logProbs, T index, T picked) {
    float[] levels = new float[LEVELS];
    for (int k = 0; k < LEVELS; k++) {
      levels[k] = k;
    }
    T gap = ops.sub(index, ops.constant(levels, 1, 1, LEVELS, 1, 1));
    T isBelow = ops.sub(ops.relu(gap), ops.relu(ops.sub(gap, ops.scalar(1f))));
    T below =
        ops.reshape(ops.sum(ops.mul(ops.exp(logProbs), isBelow), 2), -1, config.input().dims());
    return ops.add(below, ops.mul(ops.exp(picked), ops.scalar(0.5f)));
  }
}
