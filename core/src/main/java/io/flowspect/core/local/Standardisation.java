package io.flowspect.core.local;

import io.flowspect.core.Ids;

/**
 * How an evidence map is put on a common scale before its windows are compared.
 *
 * <p>Both use the statistics of normal images stored in {@code calibration.json}. {@link #POSITION}
 * compares each pixel with what that position costs on normal images. {@link #POOLED} compares it
 * with what any position costs: on images whose objects differ in shape (a sandal, a coat), a
 * position is background on most images and object on some, so its per-position mean is low and its
 * spread wide; centring there makes the object pixels of every image that covers it look anomalous,
 * and hides a defect on the object behind them. The maps are likelihoods already (nats per pixel),
 * comparable across positions, so pooling keeps their order and only sets the scale. Measured on
 * Fashion-MNIST with the PixelCNN's pixel_nll (docs/results.md, local defects): mean AUROC over the
 * ten defect kinds 0.71 pooled, 0.62 per position.
 */
public enum Standardisation {
  /** (evidence - mean at the position) / spread at the position. */
  POSITION("position"),
  /** (evidence - mean over all positions) / spread over all positions. */
  POOLED("pooled");

  private final String id;

  Standardisation(String id) {
    this.id = id;
  }

  /**
   * Returns the name used in calibration.json and on the command line.
   *
   * @return e.g. "pooled"
   */
  public String id() {
    return id;
  }

  /**
   * Looks a standardisation up by its id, case-insensitively.
   *
   * @param id e.g. "pooled"
   * @return the standardisation
   * @throws IllegalArgumentException naming the id and the known ones
   */
  public static Standardisation of(String id) {
    return Ids.of(values(), Standardisation::id, id, "standardisation", "known");
  }

  @Override
  public String toString() {
    return id;
  }
}
