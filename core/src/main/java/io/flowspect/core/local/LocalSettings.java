package io.flowspect.core.local;

/**
 * How the local score reads an evidence map: the side of the square window it averages over and how
 * the map is standardised first. Fixed at calibration and stored with the map statistics, so that
 * the CLI and the service score a map exactly as it was calibrated.
 *
 * @param window side of the square window, pixels
 * @param standardisation how the map is put on a common scale
 */
public record LocalSettings(int window, Standardisation standardisation) {

  /**
   * The default, chosen by evaluation on Fashion-MNIST with the seeded defect generator (README,
   * local defects): a 3-pixel window over the pooled map.
   */
  public static final LocalSettings DEFAULT = new LocalSettings(3, Standardisation.POOLED);

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
