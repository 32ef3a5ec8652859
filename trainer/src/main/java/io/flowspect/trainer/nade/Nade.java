package io.flowspect.trainer.nade;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.vae.Likelihood;
import java.util.List;
import java.util.Map;

/**
 * NADE (Larochelle and Murray 2011; Uria et al. 2016): an FVSBN whose logistic regressions read a
 * shared hidden layer ({@link SharedHidden}) instead of the raw sub-pixels, so that D conditionals
 * cost O(D H) together.
 */
final class Nade extends VisibleNetwork {

  private final SharedHidden layer;

  Nade(InputSpec input, Likelihood likelihood, int hidden) {
    super(VisibleFamilies.NADE, input, likelihood);
    this.layer = new SharedHidden("nade", input.dims(), hidden, copies());
  }

  @Override
  Map<String, Object> settings() {
    return Map.of("hidden", layer.hidden());
  }

  @Override
  public List<ParamSpec> parameters() {
    return layer.parameters();
  }

  @Override
  <T> T conditionals(Ops<T> ops, T scaled) {
    // [N, D, P] to [N, P, D] to [N, P * D]: copy c of sub-pixel d at column c * D + d.
    T out = ops.transpose(layer.apply(ops, scaled), 0, 2, 1);
    return ops.reshape(out, -1, (long) copies() * dims());
  }
}
