package io.flowspect.core.defect;

/**
 * {@link DefectKind#FOREIGN_OBJECT}: a small bright disk, triangle, cross or rod on or beside the
 * object.
 */
final class ForeignObjectPainter implements DefectPainter {

  private static final double BAR = 0.6;

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    int count = severity == Severity.STRONG ? dice.between(1, 2) : 1;
    for (int k = 0; k < count; k++) {
      double size = dice.sized(severity, s, 1.2, 2.0, 2.2, 3.4, 3.2, 4.6);
      int[] from = dice.chance(0.5) ? objects.objectPixels() : objects.nearPixels();
      Point c = canvas.at(dice.pick(from), dice);
      double rot = dice.angle();
      double cos = StrictMath.cos(rot);
      double sin = StrictMath.sin(rot);
      int shape = dice.between(0, 3);
      Region local =
          switch (shape) {
            case 0 -> (u, v) -> u * u + v * v <= size * size;
            case 1 -> (u, v) -> insideTriangle(u, v, size * 1.3);
            case 2 ->
                (u, v) ->
                    (Math.abs(u) <= size && Math.abs(v) <= BAR)
                        || (Math.abs(v) <= size && Math.abs(u) <= BAR);
            default -> (u, v) -> Math.abs(u) <= size * 1.6 && Math.abs(v) <= BAR;
          };
      Region placed =
          (x, y) ->
              local.contains(
                  (x - c.x()) * cos + (y - c.y()) * sin, -(x - c.x()) * sin + (y - c.y()) * cos);
      // Lying on the surface, it casts a shadow away from the light: on a bright object that
      // shadow is what shows a bright particle at all.
      double light = dice.angle();
      double offset = severity == Severity.SUBTLE ? 0.8 : 1.2 * s;
      double ox = offset * StrictMath.cos(light);
      double oy = offset * StrictMath.sin(light);
      double shadow = dice.uniform(0.3, 0.6);
      Region cast = (x, y) -> placed.contains(x - ox, y - oy);
      // Bright, as metal or plastic under the line's lights; in RGB with a random tint.
      double[] colour = new double[canvas.channels()];
      double level = dice.uniform(210, 255);
      for (int ch = 0; ch < colour.length; ch++) {
        colour[ch] = colour.length == 1 ? level : level * dice.uniform(0.65, 1.0);
      }
      double reach = size * 1.6 + BAR + offset;
      canvas.around(
          c,
          reach,
          (x, y) -> {
            double body = canvas.coverage(placed, x, y);
            if (body < 1 && objects.isObject(x, y)) {
              canvas.blend(x, y, 0, shadow * canvas.coverage(cast, x, y) * (1 - body));
            }
            canvas.blend(x, y, colour, body);
          });
    }
  }

  /** An equilateral triangle with circumradius {@code r} centred on the origin. */
  private static boolean insideTriangle(double u, double v, double r) {
    for (int i = 0; i < 3; i++) {
      double a = 2 * StrictMath.PI * i / 3;
      // Each edge's inward normal points at the centre; the edge lies r / 2 from it.
      if (u * StrictMath.cos(a) + v * StrictMath.sin(a) > r / 2) {
        return false;
      }
    }
    return true;
  }
}
