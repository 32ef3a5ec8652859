package io.flowspect.trainer.flow;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/**
 * NICE's additive coupling (Dinh et al. 2015): y_b = x_b + m(x_a). Volume-preserving: the
 * log-determinant is zero, so all density change comes from the learned prior.
 */
final class AdditiveCoupling implements FlowStep {

  private final int channels;
  private final int passive;
  private final CouplingNet net;

  AdditiveCoupling(String name, int channels, int hidden) {
    this.channels = channels;
    this.passive = channels / 2;
    this.net = new CouplingNet(name + ".net", passive, hidden, channels - passive);
  }

  @Override
  public List<ParamSpec> parameters() {
    return net.parameters();
  }

  @Override
  public <T> Flowed<T> forward(Ops<T> ops, T x) {
    T xa = ops.slice(x, 1, 0, passive);
    T yb = ops.add(ops.slice(x, 1, passive, channels), net.apply(ops, xa));
    return new Flowed<>(ops.concat(1, List.of(xa, yb)), ops.scalar(0f));
  }

  @Override
  public <T> Flowed<T> inverse(Ops<T> ops, T y) {
    T ya = ops.slice(y, 1, 0, passive);
    T xb = ops.sub(ops.slice(y, 1, passive, channels), net.apply(ops, ya));
    return new Flowed<>(ops.concat(1, List.of(ya, xb)), ops.scalar(0f));
  }
}
