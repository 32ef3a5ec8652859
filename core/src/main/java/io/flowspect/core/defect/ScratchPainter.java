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
    int segments;
    double total;
    double strength;
    switch (severity) {
      case SUBTLE -> {
        segments = 1;
        total = dice.uniform(4, 9);
        strength = dice.uniform(0.5, 0.85);
      }
      case MODERATE -> {
        segments = dice.between(1, 2);
        total = dice.uniform(10, 17) * s;
        strength = dice.uniform(0.7, 1);
      }
      default -> {
        segments = dice.between(2, 4);
        total = dice.uniform(16, 28) * s;
        strength = dice.uniform(0.85, 1);
      }
    }
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
    for (int y = canvas.top(line.minY(), 0); y <= canvas.bottom(line.maxY(), 0); y++) {
      for (int x = canvas.left(line.minX(), 0); x <= canvas.right(line.maxX(), 0); x++) {
        double cover = 1 - line.distance(x, y);
        if (cover > 0 && objects.isObject(x, y)) {
          canvas.blend(x, y, target, cover * strength);
        }
      }
    }
  }
}
