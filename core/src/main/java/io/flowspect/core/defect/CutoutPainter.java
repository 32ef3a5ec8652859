package io.flowspect.core.defect;

/** {@link DefectKind#CUTOUT}: a rectangle or irregular polygon of material missing. */
final class CutoutPainter implements DefectPainter {

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    // Pieces are mostly torn or cut from the outline; a few are cut out of the middle.
    int[] from = dice.chance(0.65) ? objects.edgePixels() : objects.interiorPixels();
    Point c = canvas.at(dice.pick(from), dice);
    Region piece;
    double reach;
    if (dice.chance(0.5)) {
      double w = dice.sized(severity, s, 2.5, 5, 4, 7.5, 7, 11);
      double h = dice.sized(severity, s, 2.5, 5, 4, 7.5, 6, 10);
      // Machine cuts are square to the image half of the time.
      double rot = dice.chance(0.5) ? 0 : dice.angle();
      double cos = StrictMath.cos(rot);
      double sin = StrictMath.sin(rot);
      piece =
          (x, y) -> {
            double u = (x - c.x()) * cos + (y - c.y()) * sin;
            double v = -(x - c.x()) * sin + (y - c.y()) * cos;
            return Math.abs(u) <= w / 2 && Math.abs(v) <= h / 2;
          };
      reach = StrictMath.hypot(w, h) / 2;
    } else {
      double radius = dice.sized(severity, s, 1.6, 2.8, 2.8, 4.5, 4.5, 7);
      int n = dice.between(6, 9);
      double[] px = new double[n];
      double[] py = new double[n];
      double start = dice.angle();
      for (int i = 0; i < n; i++) {
        double a = start + 2 * StrictMath.PI * (i + dice.uniform(-0.3, 0.3)) / n;
        double r = radius * dice.uniform(0.6, 1.25);
        px[i] = c.x() + r * StrictMath.cos(a);
        py[i] = c.y() + r * StrictMath.sin(a);
      }
      piece = (x, y) -> insidePolygon(px, py, x, y);
      reach = radius * 1.25;
    }
    Region cut = piece;
    canvas.around(c, reach, (x, y) -> canvas.blend(x, y, 0, canvas.coverage(cut, x, y)));
  }

  /** Even-odd ray casting; the polygons here are star-shaped around their centre. */
  private static boolean insidePolygon(double[] px, double[] py, double x, double y) {
    boolean inside = false;
    for (int i = 0, j = px.length - 1; i < px.length; j = i++) {
      if ((py[i] > y) != (py[j] > y)
          && x < (px[j] - px[i]) * (y - py[i]) / (py[j] - py[i]) + px[i]) {
        inside = !inside;
      }
    }
    return inside;
  }
}
