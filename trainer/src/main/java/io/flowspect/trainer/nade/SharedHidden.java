package io.flowspect.trainer.nade;

import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import java.util.List;

/**
 * NADE's hidden layer (Larochelle and Murray 2011): the hidden units of sub-pixel d are h_d =
 * sigmoid(c + W x_&lt;d), one weight matrix W [D, H] shared by every conditional. Because h_d's
 * pre-activation is h_{d-1}'s plus W_{d-1} x_{d-1}, all D hidden vectors come from one running sum
 * over the sub-pixels: O(D H) per image rather than D networks. Each sub-pixel then has its own
 * output weights V_d [H, P] on its own hidden vector.
 *
 * @param prefix parameter name prefix
 * @param dims D, sub-pixels per image
 * @param hidden H, hidden units
 * @param outputs P, parameters of each conditional
 * @param outputBias the output biases' starting values [D, P], where zero is not a good start
 */
record SharedHidden(String prefix, int dims, int hidden, int outputs, ParamSpec.Init outputBias) {

  /** A layer whose outputs start at zero. */
  SharedHidden(String prefix, int dims, int hidden, int outputs) {
    this(prefix, dims, hidden, outputs, ParamSpec.zeros());
  }

  SharedHidden {
    if (hidden < 1 || outputs < 1 || dims < 2) {
      throw new IllegalArgumentException(
          "a shared hidden layer needs at least 2 sub-pixels, 1 hidden unit and 1 output, found "
              + dims
              + ", "
              + hidden
              + ", "
              + outputs);
    }
  }

  List<ParamSpec> parameters() {
    return List.of(
        new ParamSpec(prefix + ".in.weight", new long[] {dims, hidden}, ParamSpec.heNormal(dims)),
        new ParamSpec(prefix + ".in.bias", new long[] {hidden}, ParamSpec.zeros()),
        new ParamSpec(
            prefix + ".out.weight", new long[] {dims, hidden, outputs}, ParamSpec.zeros()),
        new ParamSpec(prefix + ".out.bias", new long[] {dims, outputs}, outputBias));
  }

  /**
   * The conditionals' parameters.
   *
   * @param inputs the sub-pixels as the hidden layer reads them [N, D]
   * @return [N, D, P], row d a function of inputs before d only
   */
  <T> T apply(Ops<T> ops, T inputs) {
    T each = ops.mul(ops.reshape(inputs, -1, dims, 1), ops.param(prefix + ".in.weight"));
    T upTo = ops.cumsum(each, 1);
    // Shift by one sub-pixel: sub-pixel d sees the running sum up to d - 1, the first sees none.
    T none = ops.mul(ops.slice(each, 1, 0, 1), ops.scalar(0f));
    T before = ops.concat(1, List.of(none, ops.slice(upTo, 1, 0, dims - 1L)));
    T h = ops.sigmoid(ops.add(before, ops.param(prefix + ".in.bias")));
    // [D, N, H] x [D, H, P]: each sub-pixel's own output weights, one batched product.
    T perSubPixel = ops.matmul(ops.transpose(h, 1, 0, 2), ops.param(prefix + ".out.weight"));
    return ops.add(ops.transpose(perSubPixel, 1, 0, 2), ops.param(prefix + ".out.bias"));
  }
}
