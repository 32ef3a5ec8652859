package io.flowspect.core.local;

/**
 * A frame's raw evidence from a model of patches, both channels from one pass over its tiles, at
 * the frame's own resolution ({@code height * width} values each, row-major).
 *
 * <p>Two channels because they see different defects. The pixel map (per-pixel NLL, likelihood
 * ratio or latent energy, by {@link MapKind}) is sharp and finds what the model finds unlikely: a
 * scratch, a hole, a stain. The patch map is each tile's exact negative log-likelihood per pixel,
 * spread over the tile: it includes the flow's log-determinant, which the latent energy leaves out,
 * and so it also sees a patch the model finds too likely, such as texture erased to a flat colour
 * (the field's well-known trap, turned into evidence by testing it two-sided).
 *
 * @param pixel the pixel map, raw units of its kind (nats)
 * @param patch the patch map, nats per pixel of the tiles covering each pixel
 */
public record FrameEvidence(float[] pixel, float[] patch) {

  /** Checks that both channels have the same size. */
  public FrameEvidence {
    if (pixel.length != patch.length) {
      throw new IllegalArgumentException(
          "pixel map of " + pixel.length + " values, patch map of " + patch.length);
    }
  }
}
