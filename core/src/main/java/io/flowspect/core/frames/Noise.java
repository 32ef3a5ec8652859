package io.flowspect.core.frames;

/**
 * Seeded value noise on the plane: a hash of the integer lattice, smoothly interpolated, and its
 * fractal sum. Pure functions of (seed, x, y), so a frame can be shifted by evaluating the same
 * field at shifted coordinates: that is how frames of one surface are misaligned.
 */
final class Noise {

  private Noise() {}

  /** A value in [0, 1) for a lattice point, from a 64-bit mix of the seed and coordinates. */
  static double lattice(long seed, long x, long y) {
    long h = seed ^ (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Smoothly interpolated lattice noise in [0, 1); features are one unit apart. */
  static double value(long seed, double x, double y) {
    long x0 = (long) Math.floor(x);
    long y0 = (long) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    double sx = fx * fx * (3 - 2 * fx);
    double sy = fy * fy * (3 - 2 * fy);
    double a = lattice(seed, x0, y0);
    double b = lattice(seed, x0 + 1, y0);
    double c = lattice(seed, x0, y0 + 1);
    double d = lattice(seed, x0 + 1, y0 + 1);
    double top = a + (b - a) * sx;
    double bottom = c + (d - c) * sx;
    return top + (bottom - top) * sy;
  }

  /**
   * Fractal sum of value noise, centred: about -0.5..0.5.
   *
   * @param seed the field
   * @param x column in feature units of the coarsest octave
   * @param y row in feature units of the coarsest octave
   * @param octaves how many octaves, each twice as fine and half as strong
   * @return the noise
   */
  static double fractal(long seed, double x, double y, int octaves) {
    double sum = 0;
    double amplitude = 0.5;
    double norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += amplitude * (value(seed + o * 7919L, x, y) - 0.5);
      norm += amplitude;
      x *= 2;
      y *= 2;
      amplitude *= 0.5;
    }
    return sum / norm;
  }
}
