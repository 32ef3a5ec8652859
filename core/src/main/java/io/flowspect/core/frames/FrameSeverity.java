package io.flowspect.core.frames;

import java.util.Locale;

/**
 * How large a painted frame defect is, as a scale of its painter's nominal size (lengths scale with
 * it, areas with its square), relative to a 256-pixel frame side.
 */
public enum FrameSeverity {
  /** Half the nominal size: a defect an inspector could miss at a glance. */
  SUBTLE(0.5),
  /** The nominal size. */
  MODERATE(1.0),
  /** One and a half times the nominal size. */
  STRONG(1.5);

  private final double scale;

  FrameSeverity(double scale) {
    this.scale = scale;
  }

  /**
   * Returns the size factor.
   *
   * @return the factor on lengths
   */
  public double scale() {
    return scale;
  }

  /**
   * Returns the name in folders and reports.
   *
   * @return e.g. {@code subtle}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
