package io.flowspect.trainer.nade;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.vae.Likelihood;
import java.util.List;
import java.util.Map;

/**
 * A fully visible sigmoid belief network (Neal 1992; Frey 1998): each sub-pixel's conditional is a
 * logistic regression on the sub-pixels before it, p(x_d | x_&lt;d) from a_d + sum_{j &lt; d} W_dj
 * x_j. D^2 / 2 weights per parameter of the conditional, no hidden layer: the simplest exact
 * likelihood that still sees the neighbours, trained in minutes.
 */
final class Fvsbn extends VisibleNetwork {

  Fvsbn(InputSpec input, Likelihood likelihood) {
    super(VisibleFamilies.FVSBN, input, likelihood);
  }

  @Override
  Map<String, Object> settings() {
    return Map.of();
  }

  @Override
  public List<ParamSpec> parameters() {
    long d = dims();
    return List.of(
        new ParamSpec("fvsbn.weight", new long[] {d, copies() * d}, ParamSpec.zeros()),
        new ParamSpec("fvsbn.bias", new long[] {copies() * d}, ParamSpec.zeros()));
  }

  @Override
  <T> T conditionals(Ops<T> ops, T scaled) {
    int d = dims();
    T w = ops.maskedParam("fvsbn.weight", earlierOnly(d, copies()), d, (long) copies() * d);
    return ops.add(ops.matmul(scaled, w), ops.param("fvsbn.bias"));
  }

  /** Mask [D, copies * D]: input j reaches output copy c of sub-pixel d when j &lt; d. */
  static float[] earlierOnly(int dims, int copies) {
    float[] mask = new float[dims * copies * dims];
    for (int j = 0; j < dims; j++) {
      for (int c = 0; c < copies; c++) {
        for (int d = j + 1; d < dims; d++) {
          mask[j * copies * dims + c * dims + d] = 1f;
        }
      }
    }
    return mask;
  }
}
