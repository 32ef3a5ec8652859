package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/** Glow's Conv2dZeros: a zero-initialised 3x3 convolution whose output is scaled by exp(3 s). */
final class ZeroConv {

  private ZeroConv() {}

  static List<ParamSpec> parameters(String name, int in, int out) {
    return List.of(
        new ParamSpec(name + ".weight", new long[] {out, in, 3, 3}, ParamSpec.zeros()),
        new ParamSpec(name + ".bias", new long[] {out}, ParamSpec.zeros()),
        new ParamSpec(name + ".log_scale", new long[] {1, out, 1, 1}, ParamSpec.zeros()));
  }

  static <T> T apply(Ops<T> ops, String name, T x) {
    T y = ops.conv2d(x, ops.param(name + ".weight"), ops.param(name + ".bias"), 1);
    return ops.mul(y, ops.exp(ops.mul(ops.param(name + ".log_scale"), ops.scalar(3f))));
  }
}
