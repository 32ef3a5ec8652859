package io.flowspect.core.defect;

/** A shape in pixel coordinates, rasterised with anti-aliasing by {@link Canvas#coverage}. */
@FunctionalInterface
interface Region {

  /** Whether the point {@code (x, y)} lies inside the shape. */
  boolean contains(double x, double y);
}
