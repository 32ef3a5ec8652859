package io.flowspect.core.local;

import io.flowspect.core.Ids;

/**
 * Which per-pixel evidence a local score is built from.
 *
 * <p>Every map is in nats per pixel (summed over a pixel's channels), higher meaning the pixel is
 * more costly under the model.
 */
public enum MapKind {
  /**
   * The per-pixel negative log-likelihood from the model's {@code pixel_nll} output: the exact
   * conditional -log p(x_i | x_&lt;i) of an autoregressive model, or a VAE decoder's -log p(x_i |
   * z) at the posterior mean (the latent is too small to encode a local defect, so the decoder
   * expects the good material there).
   */
  PIXEL_NLL("pixel_nll", false, false),

  /**
   * The per-pixel NLL minus the background model's per-pixel NLL: the pixel-level likelihood ratio
   * (Ren et al. 2019), so that edges and texture, which are costly under any model, do not light
   * up.
   */
  PIXEL_LLR("pixel_llr", true, false),

  /**
   * The latent energy of a multi-scale flow (Glow, RealNVP, NICE), from its {@code z} output: each
   * latent value's {@code 0.5 * eps^2}, summed over the channels of its cell and spread evenly over
   * the pixels the cell covers, at every scale of the architecture (see {@link FlowLatentLayout}).
   * The map sums to the image's total latent energy.
   */
  FLOW_ENERGY("flow_energy", false, true);

  private final String id;
  private final boolean needsBackground;
  private final boolean fromLatent;

  MapKind(String id, boolean needsBackground, boolean fromLatent) {
    this.id = id;
    this.needsBackground = needsBackground;
    this.fromLatent = fromLatent;
  }

  /**
   * Returns the name used in calibration.json and on the command line.
   *
   * @return e.g. "pixel_llr"
   */
  public String id() {
    return id;
  }

  /**
   * Tells whether the map needs a pass of the background model.
   *
   * @return true for ratio maps
   */
  public boolean needsBackground() {
    return needsBackground;
  }

  /**
   * Tells whether the map is built from a flow's latent {@code z} rather than from {@code
   * pixel_nll}.
   *
   * @return true for {@link #FLOW_ENERGY}
   */
  public boolean fromLatent() {
    return fromLatent;
  }

  /**
   * Looks a kind up by its id, case-insensitively.
   *
   * @param id e.g. "pixel_nll"
   * @return the kind
   * @throws IllegalArgumentException naming the id and the known ones
   */
  public static MapKind of(String id) {
    return Ids.of(values(), MapKind::id, id, "map", "known maps");
  }

  @Override
  public String toString() {
    return id;
  }
}
