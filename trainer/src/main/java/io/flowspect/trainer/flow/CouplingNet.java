package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The network inside a coupling layer: 3x3 conv, ReLU, 1x1 conv, ReLU, then a zero-initialised 3x3
 * conv scaled by exp(3 * logScale) (Glow's Conv2dZeros), so every coupling starts as the identity
 * and training begins from a well-conditioned flow.
 */
final class CouplingNet {

  private final String name;
  private final int in;
  private final int hidden;
  private final int out;

  CouplingNet(String name, int in, int hidden, int out) {
    this.name = name;
    this.in = in;
    this.hidden = hidden;
    this.out = out;
  }

  List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>();
    specs.addAll(
        List.of(
            new ParamSpec(
                name + ".conv1.weight", new long[] {hidden, in, 3, 3}, ParamSpec.heNormal(in * 9L)),
            new ParamSpec(name + ".conv1.bias", new long[] {hidden}, ParamSpec.zeros()),
            new ParamSpec(
                name + ".conv2.weight",
                new long[] {hidden, hidden, 1, 1},
                ParamSpec.heNormal(hidden)),
            new ParamSpec(name + ".conv2.bias", new long[] {hidden}, ParamSpec.zeros())));
    specs.addAll(ZeroConv.parameters(name + ".zero", hidden, out));
    return specs;
  }

  <T> T apply(Ops<T> ops, T x) {
    T h =
        ops.relu(
            ops.conv2d(x, ops.param(name + ".conv1.weight"), ops.param(name + ".conv1.bias"), 1));
    h =
        ops.relu(
            ops.conv2d(h, ops.param(name + ".conv2.weight"), ops.param(name + ".conv2.bias"), 0));
    return ZeroConv.apply(ops, name + ".zero", h);
  }
}
