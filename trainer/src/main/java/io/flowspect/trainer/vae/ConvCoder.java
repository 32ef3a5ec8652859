package io.flowspect.trainer.vae;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/**
 * The convolutional halves the VAEs share, between the image (C x H x W) and a feature map at a
 * quarter of its height and width (hidden x H/4 x W/4).
 *
 * <ul>
 *   <li>encoder: 3x3 convolution, squeeze, 3x3 convolution, squeeze, 3x3 convolution (ReLUs);
 *   <li>decoder: 3x3 convolution to 4 x hidden, unsqueeze, the same again, and a zero-initialised
 *       3x3 convolution to the likelihood's parameters per sub-pixel: a logistic location and log
 *       scale, or a Bernoulli logit (so training starts from a broad grey image, or p = 1/2).
 * </ul>
 *
 * @param input image shape; height and width divisible by 4
 * @param hidden feature maps
 * @param likelihood the decoder likelihood p(x | z)
 */
record ConvCoder(InputSpec input, int hidden, Likelihood likelihood) {

  int quarterHeight() {
    return input.height() / 4;
  }

  int quarterWidth() {
    return input.width() / 4;
  }

  /** hidden x H/4 x W/4: the length of a flattened feature map. */
  int features() {
    return hidden * quarterHeight() * quarterWidth();
  }

  void encoderParameters(List<ParamSpec> specs) {
    Layers.conv(specs, "enc0", hidden, input.channels(), 3);
    Layers.conv(specs, "enc1", hidden, 4 * hidden, 3);
    Layers.conv(specs, "enc2", hidden, 4 * hidden, 3);
  }

  /** x [N, D] raw 0..255 to features [N, hidden, H/4, W/4]. */
  <T> T encode(Ops<T> ops, T x) {
    int c = input.channels();
    int h = input.height();
    int w = input.width();
    T image = ops.reshape(x, -1, c, h, w);
    T scaled = ops.sub(ops.div(image, ops.scalar(127.5f)), ops.scalar(1f));
    T e = ops.relu(Layers.conv(ops, "enc0", scaled, 3));
    e = ops.relu(Layers.conv(ops, "enc1", Layers.squeeze(ops, e, hidden, h, w), 3));
    e = Layers.squeeze(ops, e, hidden, h / 2, w / 2);
    return ops.relu(Layers.conv(ops, "enc2", e, 3));
  }

  /**
   * @param inChannels channels of the decoder's input map at H/4 x W/4
   */
  void decoderParameters(List<ParamSpec> specs, int inChannels) {
    Layers.conv(specs, "dec2", 4 * hidden, inChannels, 3);
    Layers.conv(specs, "dec1", 4 * hidden, hidden, 3);
    Layers.zeroConv(specs, "out", outputsPerChannel() * input.channels(), hidden, 3);
  }

  private int outputsPerChannel() {
    return likelihood == Likelihood.LOGISTIC ? 2 : 1;
  }

  /** The decoder's output: the parameters of p(x | z), each [M, D] (CHW flattened). */
  sealed interface Output<T> permits Logistic, BernoulliLogits {}

  /** Logistic location and raw log scale. */
  record Logistic<T>(T mean, T rawLogScale) implements Output<T> {}

  /** One Bernoulli logit per sub-pixel. */
  record BernoulliLogits<T>(T logits) implements Output<T> {}

  /** features [M, inChannels, H/4, W/4] to the likelihood's parameters. */
  <T> Output<T> decode(Ops<T> ops, T u) {
    int hq = quarterHeight();
    int wq = quarterWidth();
    T g = ops.relu(Layers.conv(ops, "dec2", u, 3));
    g = Layers.unsqueeze(ops, g, hidden, hq, wq);
    g = ops.relu(Layers.conv(ops, "dec1", g, 3));
    g = Layers.unsqueeze(ops, g, hidden, 2 * hq, 2 * wq);
    T out = Layers.conv(ops, "out", g, 3);
    int c = input.channels();
    int d = input.dims();
    if (likelihood == Likelihood.BERNOULLI) {
      return new BernoulliLogits<>(ops.reshape(out, -1, d));
    }
    return new Logistic<>(
        ops.reshape(ops.slice(out, 1, 0, c), -1, d),
        ops.reshape(ops.slice(out, 1, c, 2L * c), -1, d));
  }

  /** log p(x | z) per row [M] of images x [M, D] under the decoder's output. */
  <T> T logLikelihood(Ops<T> ops, T x, Output<T> p) {
    if (p instanceof BernoulliLogits<T> b) {
      return Bernoulli.logProb(ops, x, b.logits());
    }
    Logistic<T> l = (Logistic<T>) p;
    return DiscretizedLogistic.logProb(ops, x, l.mean(), l.rawLogScale());
  }

  /**
   * The decoded image on the 0..255 scale [M, D]: the logistic's location, or the Bernoulli's
   * probability image 255 p(x = 1).
   */
  <T> T meanImage(Ops<T> ops, Output<T> p) {
    if (p instanceof BernoulliLogits<T> b) {
      return Bernoulli.pixels(ops, b.logits());
    }
    return DiscretizedLogistic.pixels(ops, ((Logistic<T>) p).mean());
  }

  /** A Bernoulli likelihood needs an input contract that binarises. */
  static void requireBinarizedFor(InputSpec input, Likelihood likelihood, String family) {
    if (likelihood == null) {
      throw new IllegalArgumentException("--likelihood of " + family + " must be given");
    }
    if (likelihood == Likelihood.BERNOULLI && !input.isBinarized()) {
      throw new IllegalArgumentException(
          "--family "
              + family
              + " --likelihood bernoulli needs a binarised input contract (binarize_threshold)");
    }
  }

  /** Per-sub-pixel log p(x_i | z), [M, D], nats: the terms of {@link #logLikelihood}. */
  <T> T subPixelLogLikelihood(Ops<T> ops, T x, Output<T> p) {
    if (p instanceof BernoulliLogits<T> b) {
      return Bernoulli.logProbPerSubPixel(ops, x, b.logits());
    }
    Logistic<T> l = (Logistic<T>) p;
    return DiscretizedLogistic.logProbPerSubPixel(ops, x, l.mean(), l.rawLogScale());
  }

  /**
   * Per-sub-pixel mid-distribution CDF under the decoder's output, [M, D] (see {@link
   * DiscretizedLogistic#midCdfPerSubPixel}); null for a Bernoulli decoder, whose two levels carry
   * no direction worth a map.
   */
  <T> T subPixelMidCdf(Ops<T> ops, T x, Output<T> p) {
    if (p instanceof Logistic<T> l) {
      return DiscretizedLogistic.midCdfPerSubPixel(ops, x, l.mean(), l.rawLogScale());
    }
    return null;
  }

  static void requireQuarterable(InputSpec input, String family) {
    if (input.height() % 4 != 0 || input.width() % 4 != 0) {
      throw new IllegalArgumentException(
          "--family "
              + family
              + " needs height and width divisible by 4 (two 2x2 squeezes), found "
              + input.height()
              + " x "
              + input.width());
    }
  }
}
