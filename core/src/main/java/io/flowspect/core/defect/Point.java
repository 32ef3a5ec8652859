package io.flowspect.core.defect;

/**
 * A position in pixel coordinates: pixel {@code (x, y)} has its centre at integer {@code (x, y)}.
 *
 * @param x column coordinate
 * @param y row coordinate
 */
record Point(double x, double y) {

  /** Returns this point moved by {@code length} in direction {@code angle} (radians). */
  Point step(double angle, double length) {
    return new Point(x + length * StrictMath.cos(angle), y + length * StrictMath.sin(angle));
  }
}
