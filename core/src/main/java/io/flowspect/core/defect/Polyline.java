package io.flowspect.core.defect;

import java.util.List;

/** A chain of straight segments: the centre line of scratches, tears and creases. */
final class Polyline {

  private final double[] xs;
  private final double[] ys;
  private final double[] startLength;
  private final double length;

  Polyline(List<Point> points) {
    if (points.size() < 2) {
      throw new IllegalArgumentException("points must hold at least 2, got " + points.size());
    }
    int n = points.size();
    xs = new double[n];
    ys = new double[n];
    startLength = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      xs[i] = points.get(i).x();
      ys[i] = points.get(i).y();
      if (i > 0) {
        total += StrictMath.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
      }
      startLength[i] = total;
    }
    length = total;
  }

  /** The distance from {@code (px, py)} to the nearest point of the chain. */
  double distance(double px, double py) {
    return project(px, py)[0];
  }

  /**
   * Returns the distance from {@code (px, py)} to the chain and the position of the nearest point
   * along it, as a fraction 0..1 of the length.
   */
  double[] project(double px, double py) {
    double best = Double.POSITIVE_INFINITY;
    double at = 0;
    for (int i = 0; i + 1 < xs.length; i++) {
      double dx = xs[i + 1] - xs[i];
      double dy = ys[i + 1] - ys[i];
      double len2 = dx * dx + dy * dy;
      double t = len2 == 0 ? 0 : ((px - xs[i]) * dx + (py - ys[i]) * dy) / len2;
      t = Math.max(0, Math.min(1, t));
      double d = StrictMath.hypot(px - (xs[i] + t * dx), py - (ys[i] + t * dy));
      if (d < best) {
        best = d;
        at = startLength[i] + t * (startLength[i + 1] - startLength[i]);
      }
    }
    return new double[] {best, length == 0 ? 0 : at / length};
  }

  double minX() {
    return min(xs);
  }

  double maxX() {
    return max(xs);
  }

  double minY() {
    return min(ys);
  }

  double maxY() {
    return max(ys);
  }

  private static double min(double[] v) {
    double m = v[0];
    for (double d : v) {
      m = Math.min(m, d);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = v[0];
    for (double d : v) {
      m = Math.max(m, d);
    }
    return m;
  }
}
