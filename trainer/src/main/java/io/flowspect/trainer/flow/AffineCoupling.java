package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Affine coupling on a channel split (Dinh et al. 2017; Glow): the first half of the channels
 * passes unchanged and conditions a shift and a scale for the second half.
 *
 * <p>Scale: Glow's sigmoid(h + 2), bounded in (0, 1) and near 0.88 at the start, which keeps deep
 * flows stable; or RealNVP's exp(a * tanh(h)) with a learned per-channel a.
 */
final class AffineCoupling implements FlowStep {

  /** How the network's raw output becomes a scale. */
  enum Scale {
    SIGMOID,
    TANH
  }

  private final String name;
  private final int channels;
  private final int passive;
  private final int active;
  private final Scale scale;
  private final CouplingNet net;

  AffineCoupling(String name, int channels, int hidden, Scale scale) {
    this.name = name;
    this.channels = channels;
    this.passive = channels / 2;
    this.active = channels - passive;
    this.scale = scale;
    this.net = new CouplingNet(name + ".net", passive, hidden, 2 * active);
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>(net.parameters());
    if (scale == Scale.TANH) {
      specs.add(
          new ParamSpec(
              name + ".tanh_scale", new long[] {1, active, 1, 1}, ParamSpec.constant(1f)));
    }
    return specs;
  }

  @Override
  public <T> Flowed<T> forward(Ops<T> ops, T x) {
    T xa = ops.slice(x, 1, 0, passive);
    T xb = ops.slice(x, 1, passive, channels);
    ShiftAndLogScale<T> p = shiftAndLogScale(ops, xa);
    T yb = ops.mul(ops.add(xb, p.shift), ops.exp(p.logScale));
    return new Flowed<>(ops.concat(1, List.of(xa, yb)), ops.sum(p.logScale, 1, 2, 3));
  }

  @Override
  public <T> Flowed<T> inverse(Ops<T> ops, T y) {
    T ya = ops.slice(y, 1, 0, passive);
    T yb = ops.slice(y, 1, passive, channels);
    ShiftAndLogScale<T> p = shiftAndLogScale(ops, ya);
    T xb = ops.sub(ops.mul(yb, ops.exp(ops.neg(p.logScale))), p.shift);
    return new Flowed<>(ops.concat(1, List.of(ya, xb)), ops.sum(p.logScale, 1, 2, 3));
  }

  private <T> ShiftAndLogScale<T> shiftAndLogScale(Ops<T> ops, T xa) {
    T h = net.apply(ops, xa);
    T shift = ops.slice(h, 1, 0, active);
    T raw = ops.slice(h, 1, active, 2L * active);
    T logScale =
        scale == Scale.SIGMOID
            ? ops.log(ops.sigmoid(ops.add(raw, ops.scalar(2f))))
            : ops.mul(ops.param(name + ".tanh_scale"), ops.tanh(raw));
    return new ShiftAndLogScale<>(shift, logScale);
  }

  private record ShiftAndLogScale<T>(T shift, T logScale) {}
}
