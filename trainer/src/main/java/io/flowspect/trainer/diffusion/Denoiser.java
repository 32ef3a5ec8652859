package io.flowspect.trainer.diffusion;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.vae.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * The noise predictor eps_theta(x_t, t) of a diffusion model: a small U-Net (Ronneberger et al.
 * 2015, as DDPM uses) of residual blocks with the step's embedding added to each block, lossless
 * 2x2 squeezes down and their inverses up (no strided convolutions or pooling in {@link Ops}), and
 * skip connections at every resolution.
 *
 * <p>Besides the noisy image it sees, for each sub-pixel, sin and cos of 2 pi u with u the value
 * rescaled to the 8-bit levels (Fourier features, Kingma et al. 2021): at small noise where an
 * image is nearly its own 8-bit levels, they tell the network how far each value sits from the
 * nearest level, which a convolution on the raw value finds hard to learn.
 *
 * <p>Rows are independent: each row is one noisy image with its own step embedding, so the bound
 * stacks an image's T steps as T rows of one pass.
 */
final class Denoiser {

  /** Width of the sinusoidal step embedding. */
  static final int EMBEDDING = 32;

  private final InputSpec input;
  private final int filters;
  private final int levels;
  private final int timeWidth;

  Denoiser(InputSpec input, int filters, int levels) {
    this.input = input;
    this.filters = filters;
    this.levels = levels;
    this.timeWidth = 4 * filters;
  }

  private int channels(int level) {
    return filters << level;
  }

  List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>();
    int c = input.channels();
    Layers.dense(specs, "time.0", EMBEDDING, timeWidth);
    Layers.conv(specs, "in", filters, 3 * c, 3);
    for (int l = 0; l < levels; l++) {
      block(specs, "down" + l, channels(l));
      Layers.conv(specs, "down" + l + ".squeeze", channels(l + 1), 4 * channels(l), 1);
    }
    block(specs, "mid", channels(levels));
    for (int l = levels - 1; l >= 0; l--) {
      Layers.conv(specs, "up" + l + ".unsqueeze", 4 * channels(l), channels(l + 1), 1);
      block(specs, "up" + l, channels(l));
    }
    Layers.zeroConv(specs, "out", c, filters, 3);
    return specs;
  }

  private void block(List<ParamSpec> specs, String name, int channels) {
    Layers.conv(specs, name + ".conv1", channels, channels, 3);
    Layers.dense(specs, name + ".time", timeWidth, channels);
    Layers.zeroConv(specs, name + ".conv2", channels, channels, 3);
  }

  /**
   * Predicts the noise in each row.
   *
   * @param xt noisy images [R, D] on the [-1, 1] scale, CHW
   * @param levelScale [R, 1] (or broadcastable): 127.5 / sqrt(abar_t), which turns x_t into 8-bit
   *     levels (up to the noise) for the Fourier features
   * @param gate [R, 1] (or broadcastable): 1 where the Fourier features are fed, 0 where the noise
   *     hides the levels anyway ({@link #fourierGate}); at those steps the features' arguments are
   *     large and float rounding would make them differ between runtimes
   * @param embedding each row's step embedding [R, {@value #EMBEDDING}]
   * @return the predicted standard-normal noise [R, D]
   */
  <T> T predict(Ops<T> ops, T xt, T levelScale, T gate, T embedding) {
    int c = input.channels();
    int h = input.height();
    int w = input.width();
    T levels8 = ops.mul(ops.add(xt, ops.scalar(1f)), levelScale);
    T angle = ops.mul(levels8, ops.scalar((float) (2 * Math.PI)));
    T image = ops.reshape(xt, -1, c, h, w);
    T features =
        ops.concat(
            1,
            List.of(
                image,
                ops.reshape(ops.mul(ops.sin(angle), gate), -1, c, h, w),
                ops.reshape(ops.mul(ops.cos(angle), gate), -1, c, h, w)));
    T time = silu(ops, Layers.dense(ops, "time.0", embedding));
    T x = Layers.conv(ops, "in", features, 3);
    List<T> skips = new ArrayList<>();
    for (int l = 0; l < levels; l++) {
      x = block(ops, "down" + l, x, time, channels(l));
      skips.add(x);
      x = Layers.squeeze(ops, x, channels(l), h >> l, w >> l);
      x = Layers.conv(ops, "down" + l + ".squeeze", x, 1);
    }
    x = block(ops, "mid", x, time, channels(levels));
    for (int l = levels - 1; l >= 0; l--) {
      x = Layers.conv(ops, "up" + l + ".unsqueeze", x, 1);
      x = Layers.unsqueeze(ops, x, channels(l), h >> (l + 1), w >> (l + 1));
      x = ops.add(x, skips.get(l));
      x = block(ops, "up" + l, x, time, channels(l));
    }
    T out = Layers.conv(ops, "out", silu(ops, x), 3);
    return ops.reshape(out, -1, (long) input.dims());
  }

  /** A residual block: the step's embedding is added as a per-channel bias between the convs. */
  private <T> T block(Ops<T> ops, String name, T x, T time, int channels) {
    T a = Layers.conv(ops, name + ".conv1", silu(ops, x), 3);
    T bias = ops.reshape(Layers.dense(ops, name + ".time", time), -1, channels, 1, 1);
    a = Layers.conv(ops, name + ".conv2", silu(ops, ops.add(a, bias)), 3);
    return ops.add(x, a);
  }

  /**
   * Whether step t feeds the Fourier features: only while the noise's standard deviation is under
   * {@value #FOURIER_LEVELS} 8-bit levels, where they still say which level a value came from.
   *
   * @return 1 or 0
   */
  static float fourierGate(NoiseSchedule schedule, int t) {
    double levels = 127.5 * Math.sqrt(schedule.oneMinusAbar(t) / schedule.abar(t));
    return levels < FOURIER_LEVELS ? 1f : 0f;
  }

  /** The noise, in 8-bit levels, above which the Fourier features are off. */
  static final double FOURIER_LEVELS = 2;

  /** x sigmoid(x) (SiLU, Swish). */
  static <T> T silu(Ops<T> ops, T x) {
    return ops.mul(x, ops.sigmoid(x));
  }
}
