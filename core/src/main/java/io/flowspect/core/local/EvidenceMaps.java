package io.flowspect.core.local;

import io.flowspect.core.image.InputSpec;

/**
 * Per-pixel evidence of a batch of images: one map of {@code height * width} values per image, in
 * nats, row-major, higher meaning more costly under the model.
 *
 * @param kind what the values are
 * @param height map rows
 * @param width map columns
 * @param values one map per image; arrays are not copied
 */
public record EvidenceMaps(MapKind kind, int height, int width, float[][] values) {

  /** Validates the sizes. */
  public EvidenceMaps {
    if (kind == null || values == null) {
      throw new IllegalArgumentException("kind and values must not be null");
    }
    for (float[] v : values) {
      if (v == null || v.length != height * width) {
        throw new IllegalArgumentException(
            "every map must hold " + height * width + " values (" + height + " x " + width + ")");
      }
    }
  }

  /**
   * Builds maps from per-sub-pixel NLL (CHW), summing a pixel's channels, minus the background
   * model's per-sub-pixel NLL when the kind is a ratio.
   *
   * @param kind the map kind
   * @param spec the model input, for the channel count and size
   * @param pixelNll the model's per-sub-pixel NLL, [N][C*H*W]
   * @param backgroundPixelNll the background model's, or null when the kind does not need it
   * @return the maps
   * @throws IllegalArgumentException for a map built from a flow's latent (see {@link
   *     FlowLatentLayout#energyMaps}) or when an output the kind needs is missing
   */
  public static EvidenceMaps of(
      MapKind kind, InputSpec spec, float[][] pixelNll, float[][] backgroundPixelNll) {
    if (kind.fromLatent()) {
      throw new IllegalArgumentException(
          "map " + kind + " is built from a flow's latent z: use FlowLatentLayout.energyMaps");
    }
    if (pixelNll == null) {
      throw new IllegalArgumentException("map " + kind + " needs the model's pixel_nll output");
    }
    if (kind.needsBackground() && backgroundPixelNll == null) {
      throw new IllegalArgumentException("map " + kind + " needs the background model's pixel_nll");
    }
    int hw = spec.height() * spec.width();
    int c = spec.channels();
    float[][] out = new float[pixelNll.length][];
    for (int i = 0; i < out.length; i++) {
      float[] m = new float[hw];
      float[] nll = pixelNll[i];
      float[] bg = kind.needsBackground() ? backgroundPixelNll[i] : null;
      for (int ch = 0; ch < c; ch++) {
        int base = ch * hw;
        for (int p = 0; p < hw; p++) {
          m[p] += bg == null ? nll[base + p] : nll[base + p] - bg[base + p];
        }
      }
      out[i] = m;
    }
    return new EvidenceMaps(kind, spec.height(), spec.width(), out);
  }

  /**
   * Returns the number of maps.
   *
   * @return N
   */
  public int size() {
    return values.length;
  }

  /**
   * Returns the maps of some images.
   *
   * @param rows indices into this batch
   * @return the selected maps, in the order given
   */
  public EvidenceMaps select(int[] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return new EvidenceMaps(kind, height, width, out);
  }
}
