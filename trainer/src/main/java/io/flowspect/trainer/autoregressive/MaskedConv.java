package io.flowspect.trainer.autoregressive;

import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;

/**
 * Masked convolutions (van den Oord et al. 2016, section 3.4). Positions below, or right of the
 * centre on its row, are cut; at the centre, an output of channel group g sees inputs of groups
 * before g (type A, the first layer: a pixel never sees itself) or up to g (type B, later layers).
 */
final class MaskedConv {

  enum Type {
    A,
    B
  }

  private MaskedConv() {}

  /** Channel group of each of n feature maps over c colour channels: contiguous blocks. */
  static int[] groups(int n, int c) {
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      g[i] = (int) ((long) i * c / n);
    }
    return g;
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static float[] mask(Type type, int[] inGroups, int[] outGroups, int k) {
    int in = inGroups.length;
    int out = outGroups.length;
    int centre = k / 2;
    float[] mask = new float[out * in * k * k];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < k; y++) {
          for (int x = 0; x < k; x++) {
            boolean visible;
            if (y < centre || (y == centre && x < centre)) {
              visible = true;
            } else if (y == centre && x == centre) {
              visible = type == Type.A ? outGroups[o] > inGroups[i] : outGroups[o] >= inGroups[i];
            } else {
              visible = false;
            }
            mask[((o * in + i) * k + y) * k + x] = visible ? 1f : 0f;
          }
        }
      }
    }
    return mask;
  }

  /** Applies {@code name.weight} (masked) and {@code name.bias} with "same" padding. */
  static <T> T apply(
      Ops<T> ops, String name, T x, Type type, int[] inGroups, int[] outGroups, int k) {
    T mask =
        ops.constant(mask(type, inGroups, outGroups, k), outGroups.length, inGroups.length, k, k);
    T weight = ops.mul(ops.param(name + ".weight"), mask);
    return ops.conv2d(x, weight, ops.param(name + ".bias"), k / 2);
  }

  /**
   * The first layer of the pixel-level networks: the raw image [N, D] scaled to [-1, 1] and a 7 x 7
   * type-A convolution ({@code input.weight}, {@code input.bias}), so no feature sees its own
   * sub-pixel.
   */
  static <T> T imageInput(Ops<T> ops, T x, InputSpec in, int[] featureGroups) {
    int c = in.channels();
    T image = ops.reshape(x, -1, c, in.height(), in.width());
    T scaled = ops.sub(ops.div(image, ops.scalar(127.5f)), ops.scalar(1f));
    return apply(ops, "input", scaled, Type.A, groups(c, c), featureGroups, 7);
  }
}
