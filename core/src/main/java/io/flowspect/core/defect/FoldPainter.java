package io.flowspect.core.defect;

/**
 * {@link DefectKind#FOLD}: a crease, a dark line with a bright ridge beside it, across part of the
 * object; moderate and strong folds also pull the material on one side in by 1 or 2 pixels.
 */
final class FoldPainter implements DefectPainter {

  /** How far before its ends a crease fades out, in pixels. */
  private static final double FADE = 1.5;

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    double half = dice.sized(severity, s, 2, 4, 6, 10, 10, 16);
    // A subtle crease is a line; moderate and strong ones pull in a band of 1 or 2 pixels.
    double shift = severity == Severity.SUBTLE ? 0 : (severity == Severity.MODERATE ? 1 : 2) * s;
    double band = severity == Severity.SUBTLE ? 1 : dice.sized(severity, s, 0, 0, 2, 3, 3, 5);
    double dark = dice.sized(severity, 1, 0.4, 0.6, 0.45, 0.7, 0.6, 0.85);
    double ridge = dice.sized(severity, 1, 0.15, 0.3, 0.2, 0.4, 0.3, 0.5);
    Point c = canvas.at(dice.pick(objects.interiorPixels()), dice);
    double angle = dice.angle();
    double ux = StrictMath.cos(angle);
    double uy = StrictMath.sin(angle);
    // Unit normal; the material at d > 0 is the side that is pulled in.
    double nx = -uy;
    double ny = ux;
    double reach = half + band + 1;
    canvas.around(
        c,
        reach,
        (x, y) -> {
          if (!objects.isObject(x, y)) {
            return; // a crease needs material
          }
          double rx = x - c.x();
          double ry = y - c.y();
          double t = rx * ux + ry * uy;
          double d = rx * nx + ry * ny;
          double ends = Math.min(1, (half - Math.abs(t)) / FADE);
          if (ends <= 0) {
            return;
          }
          // The valley (|d| <= 1/2 dark) and the lit ridge beside it (d < -1/2) do not overlap, so
          // a
          // faint crease is not washed out by its own highlight.
          double crease = d >= -0.5 ? Math.max(0, 1 - Math.abs(d)) * ends : 0;
          double highlight = d < -0.5 ? Math.max(0, 1 - Math.abs(d + 1)) * ends : 0;
          double pull = shift > 0 && d > 0 && d < band ? shift * (1 - d / band) * ends : 0;
          if (crease <= 0 && highlight <= 0 && pull <= 0) {
            return;
          }
          for (int ch = 0; ch < canvas.channels(); ch++) {
            // Material further out appears here: the strip next to the line is folded under.
            double v =
                pull > 0
                    ? canvas.sample(ch, x + pull * nx, y + pull * ny)
                    : canvas.current(ch, x, y);
            v *= 1 - dark * crease;
            v += (255 - v) * ridge * highlight;
            canvas.set(ch, x, y, v);
          }
        });
  }
}
