package io.flowspect.core.defect;

/** {@link DefectKind#STAIN}: an irregular soft blob that darkens or brightens the material. */
final class StainPainter implements DefectPainter {

  private static final int HARMONICS = 3;

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    double radius = dice.sized(severity, s, 1.8, 3.0, 3.5, 5.5, 5.5, 8.5);
    double amount = dice.sized(severity, 1, 0.25, 0.5, 0.35, 0.6, 0.45, 0.75);
    double rx = radius;
    double ry = radius * dice.uniform(0.6, 1.0);
    double rot = dice.angle();
    double cos = StrictMath.cos(rot);
    double sin = StrictMath.sin(rot);
    // A wobbly outline: the radius varies with the angle by a few low harmonics.
    double[] wobble = new double[HARMONICS];
    double[] phase = new double[HARMONICS];
    for (int k = 0; k < HARMONICS; k++) {
      wobble[k] = dice.uniform(0, 0.15);
      phase[k] = dice.angle();
    }
    boolean darker = dice.chance(0.7);
    double[] tint = new double[canvas.channels()];
    for (int c = 0; c < tint.length; c++) {
      tint[c] = tint.length == 1 ? 1 : dice.uniform(0.7, 1.0);
    }
    Point centre = canvas.at(dice.pick(objects.interiorPixels()), dice);
    double reach = radius * (1 + 0.15 * HARMONICS);
    canvas.around(
        centre,
        reach,
        (x, y) -> {
          if (!objects.isObject(x, y)) {
            return;
          }
          double dx = x - centre.x();
          double dy = y - centre.y();
          double u = (dx * cos + dy * sin) / rx;
          double v = (-dx * sin + dy * cos) / ry;
          double phi = StrictMath.atan2(v, u);
          double edge = 1;
          for (int k = 0; k < HARMONICS; k++) {
            edge += wobble[k] * StrictMath.sin((k + 2) * phi + phase[k]);
          }
          double q = StrictMath.sqrt(u * u + v * v) / edge;
          if (q >= 1) {
            return;
          }
          // (1 - q^2)^2: full strength in the middle, zero slope at the edge, so no visible rim.
          double w = (1 - q * q) * (1 - q * q) * amount;
          for (int c = 0; c < canvas.channels(); c++) {
            double cur = canvas.current(c, x, y);
            double k = w * tint[c];
            canvas.set(c, x, y, darker ? cur * (1 - k) : cur + (255 - cur) * k);
          }
        });
  }
}
