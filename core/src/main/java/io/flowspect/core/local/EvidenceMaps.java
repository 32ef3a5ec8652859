package io.flowspect.core.local;

import io.flowspect.core.image.InputSpec;

/**
 * Per-pixel evidence of a batch of images: one map of {@code height * width} values per image, in
 * nats, row-major, higher meaning more costly under the model; and, when the model gives each
 * pixel's mid-distribution CDF, a signed map beside it: each pixel's standard-normal residual
 * Phi^-1(P(X &lt; x) + P(X = x) / 2), negative where the pixel is darker than the model expects and
 * positive where it is brighter (summed over channels, divided by sqrt(C)).
 *
 * @param kind what the values are
 * @param height map rows
 * @param width map columns
 * @param values one map per image; arrays are not copied
 * @param signed one signed residual map per image, or null when the model has no CDF output or it
 *     was not asked for
 */
public record EvidenceMaps(
    MapKind kind, int height, int width, float[][] values, float[][] signed) {

  /**
   * Maps without the signed residuals.
   *
   * @param kind what the values are
   * @param height map rows
   * @param width map columns
   * @param values one map per image
   */
  public EvidenceMaps(MapKind kind, int height, int width, float[][] values) {
    this(kind, height, width, values, null);
  }

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
    if (signed != null) {
      if (signed.length != values.length) {
        throw new IllegalArgumentException(
            signed.length + " signed maps for " + values.length + " evidence maps");
      }
      for (float[] v : signed) {
        if (v == null || v.length != height * width) {
          throw new IllegalArgumentException(
              "every signed map must hold " + height * width + " values");
        }
      }
    }
  }

  /**
   * Builds maps with their signed residuals.
   *
   * @param kind the map kind
   * @param spec the model input
   * @param pixelNll the model's per-sub-pixel NLL, [N][C*H*W]
   * @param backgroundPixelNll the background model's, or null when the kind does not need it
   * @param pixelCdf the model's per-sub-pixel mid-distribution CDF, [N][C*H*W], or null
   * @return the maps, with signed residuals when {@code pixelCdf} was given
   */
  public static EvidenceMaps of(
      MapKind kind,
      InputSpec spec,
      float[][] pixelNll,
      float[][] backgroundPixelNll,
      float[][] pixelCdf) {
    EvidenceMaps maps = of(kind, spec, pixelNll, backgroundPixelNll);
    return pixelCdf == null ? maps : maps.withSigned(residuals(spec, pixelCdf));
  }

  /**
   * Turns per-sub-pixel mid-distribution CDFs into signed residual maps.
   *
   * @param spec the model input
   * @param pixelCdf [N][C*H*W] values in [0, 1]
   * @return [N][H*W] residuals, each channel's Phi^-1 summed and divided by sqrt(C)
   */
  static float[][] residuals(InputSpec spec, float[][] pixelCdf) {
    int hw = spec.height() * spec.width();
    int c = spec.channels();
    double scale = 1 / Math.sqrt(c);
    float[][] out = new float[pixelCdf.length][];
    for (int i = 0; i < out.length; i++) {
      float[] u = pixelCdf[i];
      if (u == null || u.length != c * hw) {
        throw new IllegalArgumentException(
            "pixel_cdf row " + i + " must hold " + c * hw + " values");
      }
      float[] m = new float[hw];
      for (int ch = 0; ch < c; ch++) {
        int base = ch * hw;
        for (int p = 0; p < hw; p++) {
          m[p] += (float) (Probit.of(u[base + p]) * scale);
        }
      }
      out[i] = m;
    }
    return out;
  }

  /**
   * Returns these maps with signed residuals beside them.
   *
   * @param residuals one signed map per image, or null for none
   * @return the maps
   */
  public EvidenceMaps withSigned(float[][] residuals) {
    return new EvidenceMaps(kind, height, width, values, residuals);
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
    float[][] outSigned = signed == null ? null : new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
      if (outSigned != null) {
        outSigned[i] = signed[rows[i]];
      }
    }
    return new EvidenceMaps(kind, height, width, out, outSigned);
  }
}
