package io.flowspect.trainer.autoregressive;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DensityOutputs;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.vae.Layers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WaveNet (van den Oord et al. 2016, "WaveNet: A Generative Model for Raw Audio") over a 1-D signal
 * of mu-law levels: the exact, discrete likelihood of a window as a product of 256-way conditionals
 * p(x_t | x_&lt;t), so each sample gets its own NLL ({@code pixel_nll}: the per-sample map a sensor
 * alert points at) and the window's sum is log p(x).
 *
 * <p>The input is read as one sequence in raster order (a sensor window is a 1 x W image; any other
 * single-channel input is flattened row by row). Stacks of gated residual layers with dilations 1,
 * 2, 4, ... widen the receptive field exponentially: layer l computes tanh(W_f [h_t, h_(t-d)]) *
 * sigmoid(W_g [h_t, h_(t-d)]) and adds it back to h through a 1 x 1 convolution and to the skip sum
 * through another. A dilated causal convolution of kernel 2 is a 1 x 1 convolution (a matrix
 * product per sample) over the sequence and its copy shifted d samples later (zeros shifted in), so
 * neither DJL nor ONNX needs a dilated operator; the input layer reads x_(t-1) and x_(t-2) the same
 * way, so position t never sees x_t. Layers whose dilation is not shorter than the sequence would
 * only read the zeros shifted in, and are left out. A 1 x 1 head (ReLU, dense, ReLU, dense to 256
 * logits) turns the skip sum into the conditionals, through PixelCNN's softmax ({@link
 * CategoricalHead#fromLogits}).
 */
public final class WaveNet implements DensityNetwork {

  /** The family, declared here as the family packages do. */
  public static final Family FAMILY = new Family("wavenet", Family.Kind.AUTOREGRESSIVE, false);

  private final InputSpec input;
  private final int residual;
  private final int skip;
  private final int layers;
  private final int stacks;
  private final List<Integer> dilations;

  /**
   * @param input one channel; the sequence is its D values in raster order
   * @param residual channels of the residual stream
   * @param skip channels of the skip sum and the head
   * @param layers dilation doublings per stack (1, 2, ..., 2^(layers - 1))
   * @param stacks repetitions of the doublings
   */
  public WaveNet(InputSpec input, int residual, int skip, int layers, int stacks) {
    if (input.channels() != 1 || residual < 1 || skip < 1 || layers < 1 || stacks < 1) {
      throw new IllegalArgumentException(
          "wavenet models one signal (1 channel, found "
              + input.channels()
              + ") and needs at least 1 --residual, --skip, --layers and --stacks; found "
              + residual
              + ", "
              + skip
              + ", "
              + layers
              + ", "
              + stacks);
    }
    this.input = input;
    this.residual = residual;
    this.skip = skip;
    this.layers = layers;
    this.stacks = stacks;
    List<Integer> d = new ArrayList<>();
    for (int s = 0; s < stacks; s++) {
      for (int l = 0; l < layers && (1L << l) < input.dims(); l++) {
        d.add(1 << l);
      }
    }
    this.dilations = List.copyOf(d);
  }

  @Override
  public Family family() {
    return FAMILY;
  }

  @Override
  public InputSpec input() {
    return input;
  }

  /**
   * Returns how many past samples a conditional can read: 2 from the input layer plus each layer's
   * dilation.
   *
   * @return the receptive field, samples
   */
  public int receptiveField() {
    return 2 + dilations.stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("residual", residual);
    hp.put("skip", skip);
    hp.put("layers", layers);
    hp.put("stacks", stacks);
    hp.put("receptive_field", receptiveField());
    hp.put("output", "256-way categorical per sample (mu-law levels)");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>();
    Layers.dense(specs, "input", 2, residual);
    for (int i = 0; i < dilations.size(); i++) {
      Layers.dense(specs, "layer" + i + ".dilated", 2 * residual, 2 * residual);
      Layers.dense(specs, "layer" + i + ".residual", residual, residual);
      Layers.dense(specs, "layer" + i + ".skip", residual, skip);
    }
    Layers.dense(specs, "head", skip, skip);
    // Zero logits: training starts from the uniform 8 bits per sample.
    specs.add(
        new ParamSpec(
            "logits.weight", new long[] {skip, CategoricalHead.LEVELS}, ParamSpec.zeros()));
    specs.add(new ParamSpec("logits.bias", new long[] {CategoricalHead.LEVELS}, ParamSpec.zeros()));
    return specs;
  }

  /**
   * The conditionals, computed in a [N, D, channels] layout where every 1 x 1 convolution is a
   * matrix product (faster on CPU than a convolution over a one-row map).
   */
  @Override
  public <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise) {
    int d = input.dims();
    T sequence = ops.reshape(ops.sub(ops.div(x, ops.scalar(127.5f)), ops.scalar(1f)), -1, d, 1);
    T h =
        Layers.dense(
            ops, "input", ops.concat(2, List.of(later(ops, sequence, 1), later(ops, sequence, 2))));
    T skips = null;
    for (int i = 0; i < dilations.size(); i++) {
      String n = "layer" + i;
      T z =
          Layers.dense(
              ops, n + ".dilated", ops.concat(2, List.of(h, later(ops, h, dilations.get(i)))));
      T gated =
          ops.mul(
              ops.tanh(ops.slice(z, 2, 0, residual)),
              ops.sigmoid(ops.slice(z, 2, residual, 2L * residual)));
      T s = Layers.dense(ops, n + ".skip", gated);
      skips = skips == null ? s : ops.add(skips, s);
      h = ops.add(h, Layers.dense(ops, n + ".residual", gated));
    }
    T head = ops.relu(Layers.dense(ops, "head", ops.relu(skips)));
    return CategoricalHead.fromLogits(ops, Layers.dense(ops, "logits", head), x, d);
  }

  /** The sequence [N, D, C] moved {@code shift} samples later, zeros shifted in. */
  private <T> T later(Ops<T> ops, T sequence, int shift) {
    long d = input.dims();
    T zeros = ops.mul(ops.slice(sequence, 1, 0, shift), ops.scalar(0f));
    return ops.concat(1, List.of(zeros, ops.slice(sequence, 1, 0, d - shift)));
  }
}
