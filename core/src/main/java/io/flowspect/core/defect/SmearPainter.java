package io.flowspect.core.defect;

/**
 * {@link DefectKind#SMEAR}: part of the outline dragged in one direction, a one-sided motion blur
 * fading out towards the border of a disk.
 */
final class SmearPainter implements DefectPainter {

  private static final double STEP = 0.5;

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    double radius = dice.sized(severity, s, 2, 3, 3.5, 5.5, 5.5, 8);
    double drag = dice.sized(severity, s, 2, 3.5, 3.5, 6, 6, 10);
    // On the outline, where there is something to drag; a flat area would not change.
    Point c = canvas.at(dice.pick(objects.edgePixels()), dice);
    double heading = dice.angle();
    double dx = StrictMath.cos(heading);
    double dy = StrictMath.sin(heading);
    int samples = (int) Math.ceil(drag / STEP) + 1;
    canvas.around(
        c,
        radius,
        (x, y) -> {
          double q = StrictMath.hypot(x - c.x(), y - c.y()) / radius;
          if (q >= 1) {
            return;
          }
          double w = (1 - q * q) * (1 - q * q);
          for (int ch = 0; ch < canvas.channels(); ch++) {
            // The material behind each pixel (against the drag direction) is pulled over it.
            double sum = 0;
            for (int i = 0; i < samples; i++) {
              double t = drag * i / (samples - 1);
              sum += canvas.sample(ch, x - t * dx, y - t * dy);
            }
            double orig = canvas.original(ch, x, y);
            canvas.set(ch, x, y, orig + (sum / samples - orig) * w);
          }
        });
  }
}
