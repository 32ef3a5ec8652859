package io.flowspect.core.frames;

import java.util.SplittableRandom;

/** Drawing primitives of the frame defects: anti-aliased discs, walks and noisy blobs. */
final class Strokes {

  private Strokes() {}

  /** Receives a pixel and its coverage, 0..1. */
  @FunctionalInterface
  interface Ink {
    void put(int x, int y, double alpha);
  }

  /** Covers a disc with an anti-aliased edge, keeping each pixel's highest coverage. */
  static void disc(double cx, double cy, double radius, double[] coverage, int width, int height) {
    int x0 = (int) Math.floor(cx - radius - 1);
    int x1 = (int) Math.ceil(cx + radius + 1);
    int y0 = (int) Math.floor(cy - radius - 1);
    int y1 = (int) Math.ceil(cy + radius + 1);
    for (int y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) {
      for (int x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) {
        double d = StrictMath.hypot(x - cx, y - cy);
        double a = Math.max(0, Math.min(1, radius + 0.5 - d));
        int i = y * width + x;
        if (a > coverage[i]) {
          coverage[i] = a;
        }
      }
    }
  }

  /**
   * Covers a wandering path: each step of one pixel turns by a Gaussian angle pulled back towards
   * the start heading.
   *
   * @return the path's points, x and y interleaved
   */
  static double[] walk(
      double[] coverage,
      int width,
      int height,
      double x,
      double y,
      double heading,
      double length,
      double radius,
      double jitter,
      SplittableRandom random) {
    int steps = (int) Math.ceil(length);
    double[] points = new double[2 * (steps + 1)];
    double angle = heading;
    for (int s = 0; s <= steps; s++) {
      disc(x, y, radius, coverage, width, height);
      points[2 * s] = x;
      points[2 * s + 1] = y;
      angle += jitter * random.nextGaussian() + 0.15 * (heading - angle);
      x += StrictMath.cos(angle);
      y += StrictMath.sin(angle);
    }
    return points;
  }

  /** Covers a blob: a disc whose radius varies smoothly with the angle, with a soft edge. */
  static void blob(
      double[] coverage,
      int width,
      int height,
      double cx,
      double cy,
      double radius,
      double softness,
      long seed) {
    int r = (int) Math.ceil(radius * 1.5 + softness + 1);
    for (int y = Math.max(0, (int) cy - r); y <= Math.min(height - 1, (int) cy + r); y++) {
      for (int x = Math.max(0, (int) cx - r); x <= Math.min(width - 1, (int) cx + r); x++) {
        double dx = x - cx;
        double dy = y - cy;
        double theta = StrictMath.atan2(dy, dx);
        double wobble =
            1
                + 0.35
                    * Noise.fractal(
                        seed, 2 + 1.3 * StrictMath.cos(theta), 2 + 1.3 * StrictMath.sin(theta), 3);
        double edge = radius * wobble;
        double d = StrictMath.hypot(dx, dy);
        double a = Math.max(0, Math.min(1, (edge - d) / softness + 0.5));
        int i = y * width + x;
        if (a > coverage[i]) {
          coverage[i] = a;
        }
      }
    }
  }

  /** Applies coverage to the frame through an ink, and marks what it covers at least half. */
  static void apply(Frame frame, double[] coverage, Ink ink) {
    for (int i = 0; i < coverage.length; i++) {
      if (coverage[i] > 0) {
        int x = i % frame.width;
        int y = i / frame.width;
        ink.put(x, y, coverage[i]);
        frame.mark(x, y, coverage[i]);
      }
    }
  }
}
