package io.flowspect.core.local;

/**
 * How the local score reads an evidence map: the side of the square window it averages over, how
 * the map is standardised first, and whether it combines several statistics. Fixed at calibration
 * and stored with the map statistics, so that the CLI and the service score a map exactly as it was
 * calibrated.
 *
 * @param window side of the square window, pixels
 * @param standardisation how the map is put on a common scale
 * @param fisher combine, by Fisher's method, the hottest single pixel, the hottest window and (when
 *     the model gives signed residuals) the hottest window of the signed map (see {@link
 *     LocalStatistic}); false: the hottest window alone
 */
public record LocalSettings(int window, Standardisation standardisation, boolean fisher) {

  /**
   * The default, chosen by evaluation on Fashion-MNIST with the seeded defect generator
   * (docs/results.md, local defects): a 3-pixel window over the pooled map, combined with the
   * single pixel and the signed map.
   */
  public static final LocalSettings DEFAULT =
      new LocalSettings(LocalSettings.DEFAULT_WINDOW, Standardisation.POOLED, true);

  /** The default window's side, pixels (a compile-time constant, for option help). */
  public static final int DEFAULT_WINDOW = 3;

  /**
   * The hottest window alone.
   *
   * @param window side of the square window, pixels
   * @param standardisation how the map is put on a common scale
   */
  public LocalSettings(int window, Standardisation standardisation) {
    this(window, standardisation, false);
  }

  /** Validates the window and requires a standardisation. */
  public LocalSettings {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    if (standardisation == null) {
      throw new IllegalArgumentException("standardisation must not be null");
    }
  }
}
