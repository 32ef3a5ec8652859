package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/**
 * Per-channel affine normalisation with data-dependent initialisation (Kingma and Dhariwal 2018,
 * Glow, section 3.1): y = (x + shift) * exp(logScale), log-det = H * W * sum(logScale).
 */
final class ActNorm implements FlowStep {

  private final String shift;
  private final String logScale;
  private final int channels;
  private final int pixels;

  ActNorm(String name, int channels, int height, int width) {
    this.shift = name + ".shift";
    this.logScale = name + ".log_scale";
    this.channels = channels;
    this.pixels = height * width;
  }

  @Override
  public List<ParamSpec> parameters() {
    long[] shape = {1, channels, 1, 1};
    return List.of(
        new ParamSpec(shift, shape, ParamSpec.zeros()),
        new ParamSpec(logScale, shape, ParamSpec.zeros()));
  }

  @Override
  public <T> Flowed<T> forward(Ops<T> ops, T x) {
    ops.initActNorm(shift, logScale, x);
    T y = ops.mul(ops.add(x, ops.param(shift)), ops.exp(ops.param(logScale)));
    return new Flowed<>(y, logDet(ops));
  }

  @Override
  public <T> Flowed<T> inverse(Ops<T> ops, T y) {
    T x = ops.sub(ops.mul(y, ops.exp(ops.neg(ops.param(logScale)))), ops.param(shift));
    return new Flowed<>(x, logDet(ops));
  }

  private <T> T logDet(Ops<T> ops) {
    return ops.mul(ops.sum(ops.param(logScale), 0, 1, 2, 3), ops.scalar(pixels));
  }
}
