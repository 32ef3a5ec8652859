package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * RealNVP's affine coupling with a spatial checkerboard mask (Dinh et al. 2017, section 3.4):
 * pixels where the mask is 1 pass unchanged and condition y = x * exp(s) + t on the others.
 */
final class CheckerboardCoupling implements FlowStep {

  private final String name;
  private final int channels;
  private final int height;
  private final int width;
  private final float[] mask;
  private final float[] inverseMask;
  private final CouplingNet net;

  CheckerboardCoupling(String name, int channels, int height, int width, int hidden, int parity) {
    this.name = name;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.mask = new float[channels * height * width];
    this.inverseMask = new float[mask.length];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < height; i++) {
        for (int j = 0; j < width; j++) {
          int at = (c * height + i) * width + j;
          mask[at] = (i + j + parity) % 2 == 0 ? 1f : 0f;
          inverseMask[at] = 1f - mask[at];
        }
      }
    }
    this.net = new CouplingNet(name + ".net", channels, hidden, 2 * channels);
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>(net.parameters());
    specs.add(
        new ParamSpec(
            name + ".tanh_scale", new long[] {1, channels, 1, 1}, ParamSpec.constant(1f)));
    return specs;
  }

  @Override
  public <T> Flowed<T> forward(Ops<T> ops, T x) {
    ShiftAndLogScale<T> p = shiftAndLogScale(ops, x);
    T y = ops.add(ops.mul(x, ops.exp(p.logScale)), p.shift);
    return new Flowed<>(y, ops.sum(p.logScale, 1, 2, 3));
  }

  @Override
  public <T> Flowed<T> inverse(Ops<T> ops, T y) {
    ShiftAndLogScale<T> p = shiftAndLogScale(ops, y);
    T x = ops.mul(ops.sub(y, p.shift), ops.exp(ops.neg(p.logScale)));
    return new Flowed<>(x, ops.sum(p.logScale, 1, 2, 3));
  }

  /** Shift and log-scale, zero where the mask passes values through (so those stay unchanged). */
  private <T> ShiftAndLogScale<T> shiftAndLogScale(Ops<T> ops, T x) {
    T passive = ops.constant(mask, 1, channels, height, width);
    T active = ops.constant(inverseMask, 1, channels, height, width);
    T h = net.apply(ops, ops.mul(x, passive));
    T shift = ops.mul(ops.slice(h, 1, 0, channels), active);
    T raw = ops.slice(h, 1, channels, 2L * channels);
    T logScale = ops.mul(ops.mul(ops.param(name + ".tanh_scale"), ops.tanh(raw)), active);
    return new ShiftAndLogScale<>(shift, logScale);
  }

  private record ShiftAndLogScale<T>(T shift, T logScale) {}
}
