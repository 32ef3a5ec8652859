package io.flowspect.core.defect;

/**
 * How large a defect is, measured in pixels whose value it changes.
 *
 * <p>Detection rates are only comparable between models when the defects are equally hard, so the
 * generator retries placements until the changed-pixel count falls in the severity's window. {@link
 * #SUBTLE} is a hard bound: a defect of 6 to 40 changed pixels or an exception, because "finds
 * defects of a few pixels" is the claim it exists to test. {@link #MODERATE} and {@link #STRONG}
 * are targets: a thin or small object may not hold a strong defect, so the attempt closest to the
 * window is returned instead. The windows are for 28 x 28 images; for larger or smaller images the
 * MODERATE and STRONG defects scale with the image side, and so do their windows (by the area).
 */
public enum Severity {
  /** 6 to 40 changed pixels, always: a defect an inspector could miss. */
  SUBTLE(6, 40),
  /** Typically 25 to 120 changed pixels on a 28 x 28 image: clearly visible when looked for. */
  MODERATE(25, 120),
  /** Typically 60 or more changed pixels on a 28 x 28 image: obvious at a glance. */
  STRONG(60, Integer.MAX_VALUE);

  private final int minChanged;
  private final int maxChanged;

  Severity(int minChanged, int maxChanged) {
    this.minChanged = minChanged;
    this.maxChanged = maxChanged;
  }

  /**
   * Returns the lower end of the changed-pixel window on a 28 x 28 image.
   *
   * @return the fewest changed pixels aimed for
   */
  public int minChanged() {
    return minChanged;
  }

  /**
   * Returns the upper end of the changed-pixel window on a 28 x 28 image.
   *
   * @return the most changed pixels aimed for, {@link Integer#MAX_VALUE} for no limit
   */
  public int maxChanged() {
    return maxChanged;
  }

  /**
   * Tells whether the window is a guarantee rather than a target.
   *
   * @return true for {@link #SUBTLE}
   */
  public boolean isHardBound() {
    return this == SUBTLE;
  }
}
