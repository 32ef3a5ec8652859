package io.flowspect.core.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.flowspect.core.calibration.ConformalReference;

/**
 * One of the statistics Fisher's method combines into the local score: the hottest window of one
 * map at one window size, with how it is distributed over normal images.
 *
 * <p>Why several: one window size and one map each miss a kind of defect. A single pixel's NLL
 * finds dead pixels that a 3x3 mean dilutes; the 3x3 mean finds scratches and stains that no single
 * pixel shows; the signed map (each pixel's mid-distribution CDF as a standard-normal residual)
 * adds up a neighbourhood that is consistently too dark or too bright, which is how holes, cutouts
 * and stains look, while the NLL loses the direction and finds a dark hole in a dark area cheap.
 * Each statistic's p-value comes from the normal images its reference was fitted on.
 *
 * @param signed whether the statistic reads the signed map (|window mean| of the residuals) rather
 *     than the standardised evidence (window mean)
 * @param window side of the square window, pixels
 * @param hotWindow the median of the statistic over the normal images it was fitted on: a reported
 *     region grows only over windows hotter than this
 * @param reference the statistic over those images, for p-values
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocalStatistic(
    boolean signed, int window, double hotWindow, ConformalReference reference) {

  /** Validates the window and requires the reference. */
  public LocalStatistic {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    if (reference == null) {
      throw new IllegalArgumentException("reference must not be null");
    }
  }

  /**
   * Returns the statistic's name in reports.
   *
   * @return e.g. "evidence w3" or "signed w3"
   */
  public String label() {
    return (signed ? "signed" : "evidence") + " w" + window;
  }
}
