package io.flowspect.core.frames;

import java.util.List;
import java.util.Locale;

/**
 * A kind of textured surface a line camera sees, rendered procedurally in linear RGB (0..1) at any
 * shift of the material under the camera.
 *
 * <p>Each surface declares which augmentations keep it a good frame: woven fabric, leather grain
 * and a square grid look alike turned by 90 degrees, brushed metal and wood do not (their grain
 * runs one way), and any of them may be mirrored.
 */
public enum Surface {
  /** Plain-woven threads, over and under, each thread a little different in tone. */
  FABRIC(List.of(Augmentation.FLIP, Augmentation.ROT90), false) {
    @Override
    double[] tone(long seed, double x, double y) {
      double p = 8;
      long i = (long) Math.floor(x / p);
      long j = (long) Math.floor(y / p);
      double u = (x / p) - i;
      double v = (y / p) - j;
      boolean warpOver = ((i + j) & 1) == 0;
      double warp = StrictMath.sin(Math.PI * u) * (1 + 0.16 * (Noise.lattice(seed, i, -1) - 0.5));
      double weft = StrictMath.sin(Math.PI * v) * (1 + 0.16 * (Noise.lattice(seed, -1, j) - 0.5));
      double fibre = Noise.fractal(seed + 1, x / 3, y / 3, 2);
      double t = 0.22 + 0.62 * (warpOver ? warp : weft) + 0.08 * fibre;
      return new double[] {0.30 * t + 0.05, 0.36 * t + 0.07, 0.62 * t + 0.12};
    }
  },
  /** Brushed metal: long horizontal streaks over a smooth sheen. */
  METAL(List.of(Augmentation.FLIP), false) {
    @Override
    double[] tone(long seed, double x, double y) {
      double streak = Noise.fractal(seed, x / 160, y / 1.3, 4);
      double fine = Noise.fractal(seed + 2, x / 40, y / 0.8, 2);
      double sheen = 0.06 * StrictMath.cos(y / 90.0 + 0.7 * Noise.value(seed + 3, x / 300, 0));
      double t = 0.58 + 0.32 * streak + 0.10 * fine + sheen;
      return new double[] {0.96 * t, 0.98 * t, 1.02 * t};
    }
  },
  /** Wood: wavy growth rings along the plank and fine fibres. */
  WOOD(List.of(Augmentation.FLIP), false) {
    @Override
    double[] tone(long seed, double x, double y) {
      double warp = 14 * Noise.fractal(seed, x / 90, y / 60, 3);
      double ring = (y + warp) / 11.0;
      double r = ring - Math.floor(ring);
      double late = StrictMath.pow(StrictMath.sin(Math.PI * r), 6);
      double fibre = Noise.fractal(seed + 5, x / 25, y / 0.9, 2);
      double t = 0.62 - 0.22 * late + 0.08 * fibre;
      return new double[] {0.98 * t + 0.12, 0.66 * t + 0.06, 0.40 * t + 0.02};
    }
  },
  /**
   * A gridded part: square pads with a drilled centre on a dark substrate, aligned frame to frame.
   */
  GRID(List.of(Augmentation.FLIP, Augmentation.ROT90), true) {
    @Override
    double[] tone(long seed, double x, double y) {
      double p = 32;
      double u = x - p * Math.floor(x / p) - p / 2;
      double v = y - p * Math.floor(y / p) - p / 2;
      double edge = Math.max(Math.abs(u), Math.abs(v));
      double pad = smoothstep(10.5, 9.5, edge);
      double hole = smoothstep(3.0, 4.0, StrictMath.hypot(u, v));
      double grain = 0.05 * Noise.fractal(seed, x / 6, y / 6, 2);
      double padTone = (0.70 + grain) * hole + 0.08 * (1 - hole);
      double substrate = 0.16 + grain;
      double t = pad * padTone + (1 - pad) * substrate;
      double green = (1 - pad) * 0.10;
      return new double[] {t, t + green, t * 0.9};
    }
  },
  /** Leather: cells of grain separated by darker creases, with a fine pore noise. */
  LEATHER(List.of(Augmentation.FLIP, Augmentation.ROT90), false) {
    @Override
    double[] tone(long seed, double x, double y) {
      double cell = 9;
      double gx = x / cell;
      double gy = y / cell;
      long cx = (long) Math.floor(gx);
      long cy = (long) Math.floor(gy);
      double first = Double.MAX_VALUE;
      double second = Double.MAX_VALUE;
      for (long j = cy - 1; j <= cy + 1; j++) {
        for (long i = cx - 1; i <= cx + 1; i++) {
          double px = i + Noise.lattice(seed, i, j);
          double py = j + Noise.lattice(seed + 9, i, j);
          double d = StrictMath.hypot(gx - px, gy - py);
          if (d < first) {
            second = first;
            first = d;
          } else if (d < second) {
            second = d;
          }
        }
      }
      double crease = smoothstep(0.0, 0.18, second - first);
      double pores = Noise.fractal(seed + 4, x / 2.5, y / 2.5, 2);
      double t = 0.30 + 0.16 * crease + 0.06 * pores;
      return new double[] {1.15 * t, 0.78 * t, 0.52 * t};
    }
  };

  /** What may be done to a good frame of a surface and leave it a good frame. */
  public enum Augmentation {
    /** Mirroring, left to right or top to bottom. */
    FLIP,
    /** Turning by 90 degrees. */
    ROT90;

    /**
     * Returns the name in files and flags.
     *
     * @return e.g. {@code rot90}
     */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final List<Augmentation> augmentations;
  private final boolean aligned;

  Surface(List<Augmentation> augmentations, boolean aligned) {
    this.augmentations = augmentations;
    this.aligned = aligned;
  }

  /**
   * The surface's colour at a point of the material, before lighting and sensor noise.
   *
   * @param seed the material
   * @param x column on the material, in pixels
   * @param y row on the material, in pixels
   * @return linear red, green and blue, about 0..1
   */
  abstract double[] tone(long seed, double x, double y);

  /**
   * Returns the augmentations that keep a good frame good.
   *
   * @return the allowed augmentations
   */
  public List<Augmentation> augmentations() {
    return augmentations;
  }

  /**
   * Tells whether frames show the same part at the same place (give or take a few pixels), so that
   * evidence can be standardised per position; otherwise each frame shows another stretch of
   * material.
   *
   * @return true for parts, false for material by the metre
   */
  public boolean aligned() {
    return aligned;
  }

  /**
   * Returns the name used in folders and flags.
   *
   * @return e.g. {@code fabric}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a surface name.
   *
   * @param id e.g. {@code metal}
   * @return the surface
   * @throws IllegalArgumentException naming the known surfaces
   */
  public static Surface of(String id) {
    for (Surface s : values()) {
      if (s.id().equalsIgnoreCase(id.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown surface '" + id + "'; known: fabric, metal, wood, grid, leather");
  }

  static double smoothstep(double edge0, double edge1, double x) {
    double t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
    return t * t * (3 - 2 * t);
  }
}
