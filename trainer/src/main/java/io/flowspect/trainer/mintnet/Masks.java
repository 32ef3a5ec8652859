package io.flowspect.trainer.mintnet;

/**
 * The masks of MintNet's convolutions over one raster order, or its reverse. A strict mask sees
 * only the positions before the centre; a mask with the centre also sees the centre, which is safe
 * once a strict layer has run: every feature there depends on earlier pixels only. All channels of
 * a position are treated together, so the layer's Jacobian is triangular with a diagonal per
 * position and channel.
 */
final class Masks {

  private Masks() {}

  /**
   * A mask for weights [out, in, k, k].
   *
   * @param reversed the reverse raster order (after the centre instead of before)
   * @param withCentre whether the centre is visible
   */
  static float[] of(int out, int in, int k, boolean reversed, boolean withCentre) {
    int centre = k / 2;
    float[] mask = new float[out * in * k * k];
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        int order = Integer.compare(y * k + x, centre * k + centre);
        boolean visible = (reversed ? order > 0 : order < 0) || (withCentre && order == 0);
        if (!visible) {
          continue;
        }
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            mask[((o * in + i) * k + y) * k + x] = 1f;
          }
        }
      }
    }
    return mask;
  }
}
