package io.flowspect.core.tile;

/** Where a tiled image's p-value comes from; see {@link TiledDetector}. */
public enum PValueMethod {
  /**
   * Conformal p-value of the image's aggregate value against the aggregate values of normal tiled
   * images with the same tile grid ({@link TiledCalibration}): exact, like a single image's.
   */
  TILED_CALIBRATION("tiled_calibration"),

  /**
   * {@code min(1, n_tiles * min tile p-value)}: the Bonferroni bound over the tiles' conformal
   * p-values, valid whatever the dependence between tiles but conservative (it flags fewer normal
   * images than alpha, and fewer anomalies than a tiled calibration would).
   */
  BONFERRONI("bonferroni"),

  /** Not calibrated at all: no p-value and no decision. */
  NONE("none");

  private final String id;

  PValueMethod(String id) {
    this.id = id;
  }

  /**
   * Returns the name written to JSON.
   *
   * @return e.g. "bonferroni"
   */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
