package io.flowspect.core.defect;

/** {@link DefectKind#HOLE}: disks punched through the object down to the background value 0. */
final class HolePainter implements DefectPainter {

  private static final double RIM = 1.2;

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    int holes = severity == Severity.STRONG ? dice.between(2, 3) : 1;
    for (int h = 0; h < holes; h++) {
      double r = dice.sized(severity, s, 1.3, 2.3, 2.3, 3.0, 2.5, 3.2);
      // Fabric frays and casts a little shadow around a hole; a subtle pin-hole shows no rim.
      double rimDarkening = severity == Severity.SUBTLE ? 0 : dice.uniform(0.1, 0.3);
      Point c = canvas.at(dice.pick(objects.interiorPixels()), dice);
      Region disk = (x, y) -> sq(x - c.x()) + sq(y - c.y()) <= r * r;
      canvas.around(
          c,
          r + RIM,
          (x, y) -> {
            double cover = canvas.coverage(disk, x, y);
            if (cover > 0) {
              canvas.blend(x, y, 0, cover);
            } else if (rimDarkening > 0 && objects.isObject(x, y)) {
              double d = StrictMath.hypot(x - c.x(), y - c.y()) - r;
              if (d < RIM) {
                canvas.blend(x, y, 0, rimDarkening * (1 - d / RIM));
              }
            }
          });
    }
  }

  private static double sq(double v) {
    return v * v;
  }
}
