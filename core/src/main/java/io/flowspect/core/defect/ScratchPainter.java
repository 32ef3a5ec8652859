package io.flowspect.core.defect;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link DefectKind#SCRATCH}: a 1-pixel anti-aliased line or polyline on the object; two of them
 * when strong, since one hairline cannot be obvious.
 */
final class ScratchPainter implements DefectPainter {

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    int scratches = severity == Severity.STRONG ? 2 : 1;
    for (int i = 0; i < scratches; i++) {
      scratch(canvas, objects, severity, dice);
    }
  }

  private static void scratch(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    int segments =
        switch (severity) {
          case SUBTLE -> 1;
          case MODERATE -> dice.between(1, 2);
          case STRONG -> dice.between(2, 4);
        };
    double total = dice.sized(severity, s, 4, 9, 10, 17, 16, 28);
    double strength = dice.sized(severity, 1, 0.5, 0.85, 0.7, 1, 0.85, 1);
    List<Point> points = new ArrayList<>();
    Point p = canvas.at(dice.pick(objects.objectPixels()), dice);
    points.add(p);
    double heading = dice.angle();
    for (int i = 0; i < segments; i++) {
      if (i > 0) {
        heading += dice.uniform(-0.5, 0.5);
      }
      p = p.step(heading, total / segments * dice.uniform(0.75, 1.25));
      points.add(p);
    }
    Polyline line = new Polyline(points);
    // A scratch exposes bare, brighter material or cuts a darker groove.
    double target = dice.chance(0.5) ? 255 : 0;
    canvas.around(
        line.minX(),
        line.minY(),
        line.maxX(),
        line.maxY(),
        0,
        (x, y) -> {
          double cover = 1 - line.distance(x, y);
          if (cover > 0 && objects.isObject(x, y)) {
            canvas.blend(x, y, target, cover * strength);
          }
        });
  }
}
