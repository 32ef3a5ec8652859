package io.flowspect.core.frames;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A defect painted on a frame's material, with its exact mask: every pixel it covers at least half
 * is in the mask, so the mask is the defect's outline as an inspector would draw it (a fold's
 * middle, where the shading crosses zero, is in it too). Sizes are nominal for a 256-pixel frame
 * side and scale with the side and the {@link FrameSeverity}.
 */
public enum FrameDefect {
  /** A thin bright or dark line that wanders a little. */
  SCRATCH {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] cover = new double[f.mask.length];
      double[] at = place(f, r);
      walk(
          f,
          cover,
          at,
          r.nextDouble(0, 2 * Math.PI),
          70 * s * r.nextDouble(0.7, 1.3),
          0.7 + 0.4 * s,
          0.04,
          r);
      double tone = r.nextBoolean() ? 0.95 : 0.06;
      Strokes.apply(f, cover, (x, y, a) -> f.blend(x, y, tone, tone, tone, 0.75 * a));
    }
  },
  /** A dark, jagged, branching line. */
  CRACK {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] cover = new double[f.mask.length];
      double[] at = place(f, r);
      double heading = r.nextDouble(0, 2 * Math.PI);
      double length = 60 * s * r.nextDouble(0.8, 1.2);
      double[] path = walk(f, cover, at, heading, length, 0.6 + 0.4 * s, 0.35, r);
      int branches = 1 + r.nextInt(2);
      for (int b = 0; b < branches; b++) {
        int p = r.nextInt(path.length / 2);
        double[] from = {path[2 * p], path[2 * p + 1]};
        walk(
            f,
            cover,
            from,
            heading + (r.nextBoolean() ? 0.8 : -0.8),
            0.4 * length,
            0.5 + 0.3 * s,
            0.35,
            r);
      }
      Strokes.apply(f, cover, (x, y, a) -> f.blend(x, y, 0.03, 0.03, 0.03, 0.9 * a));
    }
  },
  /** A hole through the material: dark inside, a darker rim. */
  HOLE {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] at = place(f, r);
      double rx = 9 * s * r.nextDouble(0.8, 1.2);
      double ry = rx * r.nextDouble(0.7, 1.3);
      for (int y = 0; y < f.height; y++) {
        for (int x = 0; x < f.width; x++) {
          double d = StrictMath.hypot((x - at[0]) / rx, (y - at[1]) / ry);
          double edge = (1 - d) * Math.min(rx, ry);
          if (edge > -1.5) {
            double inside = Math.max(0, Math.min(1, edge + 0.5));
            f.blend(x, y, 0.10, 0.08, 0.06, Math.max(0.6, inside));
            f.blend(x, y, 0.02, 0.02, 0.02, inside);
            f.mark(x, y, 1);
          }
        }
      }
    }
  },
  /** A darker, brownish blot with a soft edge. */
  STAIN {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] cover = blob(f, r, 18 * s, 3);
      double depth = r.nextDouble(0.6, 0.8);
      Strokes.apply(f, cover, (x, y, a) -> f.scale(x, y, depth + 0.08, depth, depth - 0.1, a));
    }
  },
  /** Particles and sometimes a hair: dirt on the surface. */
  CONTAMINATION {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] cover = new double[f.mask.length];
      double[] at = place(f, r);
      int particles = 6 + r.nextInt(9);
      for (int p = 0; p < particles; p++) {
        double angle = r.nextDouble(0, 2 * Math.PI);
        double dist = 14 * s * Math.sqrt(r.nextDouble());
        Strokes.disc(
            at[0] + dist * StrictMath.cos(angle),
            at[1] + dist * StrictMath.sin(angle),
            r.nextDouble(1, 2.5) * Math.sqrt(s),
            cover,
            f.width,
            f.height);
      }
      if (r.nextBoolean()) {
        walk(f, cover, at, r.nextDouble(0, 2 * Math.PI), 40 * s, 0.6, 0.12, r);
      }
      double tone = r.nextBoolean() ? 0.07 : 0.9;
      Strokes.apply(f, cover, (x, y, a) -> f.blend(x, y, tone, tone * 0.95, tone * 0.9, a));
    }
  },
  /** A patch where the pattern is missing: the material's mean colour, without its texture. */
  MISSING_PATTERN {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] cover = blob(f, r, 16 * s, 2);
      double[] mean = new double[3];
      double weight = 0;
      for (int i = 0; i < cover.length; i++) {
        if (cover[i] > 0) {
          for (int c = 0; c < 3; c++) {
            mean[c] += cover[i] * f.rgb[3 * i + c];
          }
          weight += cover[i];
        }
      }
      double w = Math.max(weight, 1e-9);
      Strokes.apply(
          f,
          cover,
          (x, y, a) -> f.blend(x, y, mean[0] / w, mean[1] / w, mean[2] / w, 0.95 * a + 0.05));
    }
  },
  /** A spot of another colour: red, blue or yellow. */
  COLOUR_SPOT {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] cover = blob(f, r, 8 * s, 2);
      double[][] hues = {{1.45, 0.7, 0.65}, {0.65, 0.85, 1.5}, {1.3, 1.25, 0.55}};
      double[] h = hues[r.nextInt(hues.length)];
      Strokes.apply(f, cover, (x, y, a) -> f.scale(x, y, h[0], h[1], h[2], a));
    }
  },
  /** A straight cut: a dark gap with a lit edge along one side. */
  CUT {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] gap = new double[f.mask.length];
      double[] lit = new double[f.mask.length];
      double[] at = place(f, r);
      double angle = r.nextDouble(0, Math.PI);
      double length = 50 * s * r.nextDouble(0.8, 1.2);
      double nx = -StrictMath.sin(angle);
      double ny = StrictMath.cos(angle);
      for (double t = -length / 2; t <= length / 2; t += 0.5) {
        double x = at[0] + t * StrictMath.cos(angle);
        double y = at[1] + t * StrictMath.sin(angle);
        Strokes.disc(x, y, 0.8 + 0.5 * s, gap, f.width, f.height);
        Strokes.disc(x + 2.2 * nx, y + 2.2 * ny, 0.7, lit, f.width, f.height);
      }
      Strokes.apply(f, lit, (x, y, a) -> f.blend(x, y, 0.92, 0.92, 0.92, 0.6 * a));
      Strokes.apply(f, gap, (x, y, a) -> f.blend(x, y, 0.04, 0.04, 0.04, 0.95 * a));
    }
  },
  /** A fold: a band shaded bright on one side and dark on the other. */
  FOLD {
    @Override
    void paint(Frame f, SplittableRandom r, double s) {
      double[] at = place(f, r);
      double angle = r.nextDouble(0, Math.PI);
      double half = 90 * s * r.nextDouble(0.8, 1.2) / 2;
      double width = 5 * s + 2;
      double ux = StrictMath.cos(angle);
      double uy = StrictMath.sin(angle);
      for (int y = 0; y < f.height; y++) {
        for (int x = 0; x < f.width; x++) {
          double along = (x - at[0]) * ux + (y - at[1]) * uy;
          double across = -(x - at[0]) * uy + (y - at[1]) * ux;
          if (Math.abs(along) > half + 1 || Math.abs(across) > width + 1) {
            continue;
          }
          double taper = Math.max(0, Math.min(1, half + 0.5 - Math.abs(along)));
          double a = taper * Math.max(0, Math.min(1, width + 0.5 - Math.abs(across)));
          double t = across / width;
          double shade = 1 + 0.5 * t * StrictMath.exp(-t * t);
          f.scale(x, y, shade, shade, shade, a);
          f.mark(x, y, a);
        }
      }
    }
  };

  /**
   * Paints the defect onto the frame's material.
   *
   * @param frame the frame, before lighting and noise
   * @param random the defect's own stream
   * @param scale its size factor (severity times frame side over 256)
   */
  abstract void paint(Frame frame, SplittableRandom random, double scale);

  /** Paints with the size of a severity on this frame. */
  void paint(Frame frame, SplittableRandom random, FrameSeverity severity) {
    double side = Math.min(frame.width, frame.height) / 256.0;
    paint(frame, random, severity.scale() * side);
  }

  /** The coverage of a soft blob of this radius at a {@link #place placed} point. */
  static double[] blob(Frame f, SplittableRandom r, double radius, int lobes) {
    double[] cover = new double[f.mask.length];
    double[] at = place(f, r);
    Strokes.blob(cover, f.width, f.height, at[0], at[1], radius, lobes, r.nextLong());
    return cover;
  }

  /** {@link Strokes#walk} on the frame from a point; returns the path. */
  static double[] walk(
      Frame f,
      double[] cover,
      double[] from,
      double heading,
      double length,
      double radius,
      double jitter,
      SplittableRandom r) {
    return Strokes.walk(
        cover, f.width, f.height, from[0], from[1], heading, length, radius, jitter, r);
  }

  /** A point at least 12 % of the side from every edge. */
  static double[] place(Frame f, SplittableRandom r) {
    double mx = 0.12 * f.width;
    double my = 0.12 * f.height;
    return new double[] {r.nextDouble(mx, f.width - mx), r.nextDouble(my, f.height - my)};
  }

  /**
   * Returns the name in folders and reports.
   *
   * @return e.g. {@code colour_spot}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
