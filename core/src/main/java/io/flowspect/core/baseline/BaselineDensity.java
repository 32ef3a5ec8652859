package io.flowspect.core.baseline;

import java.util.List;

/** A simple density of 8-bit images, fitted beside a deep model to show what depth adds. */
public interface BaselineDensity {

  /**
   * Returns the name in reports.
   *
   * @return e.g. {@code independent}
   */
  String id();

  /**
   * Returns what the density is, in a line.
   *
   * @return e.g. "a categorical per sub-pixel (add-one counts)"
   */
  String description();

  /**
   * Log-likelihood of each image, of the discrete 8-bit image (a continuous density is taken at the
   * bin centre, like the flows).
   *
   * @param images unsigned 8-bit samples in CHW order, each as long as the density's input
   * @return natural log p(x) per image, finite
   */
  double[] logPx(List<byte[]> images);
}
