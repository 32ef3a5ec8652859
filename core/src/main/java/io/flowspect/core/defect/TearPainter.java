package io.flowspect.core.defect;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link DefectKind#TEAR}: a jagged, tapering crack through the material, through which the
 * background shows.
 */
final class TearPainter implements DefectPainter {

  /** How far beyond the gap's edge fibres lighten the material, in pixels. */
  private static final double FRAY = 1.0;

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    double length = dice.sized(severity, s, 4, 7, 8, 14, 14, 24);
    double maxWidth = dice.sized(severity, s, 0.8, 1.3, 1.4, 2.2, 2.2, 3.5);
    // Subtle tears show no fibres, and draw nothing for them.
    double fray =
        severity == Severity.SUBTLE ? 0 : dice.sized(severity, 1, 0, 0, 0.1, 0.25, 0.15, 0.3);
    // Most tears start at the outline and run inwards, widest where they start.
    boolean fromEdge = dice.chance(0.6);
    Point p =
        canvas.at(dice.pick(fromEdge ? objects.edgePixels() : objects.interiorPixels()), dice);
    double heading =
        fromEdge
            ? StrictMath.atan2(objects.centroidY() - p.y(), objects.centroidX() - p.x())
                + dice.uniform(-0.6, 0.6)
            : dice.angle();
    List<Point> points = new ArrayList<>();
    points.add(p);
    for (double done = 0; done < length; ) {
      double step = Math.min(length - done, dice.uniform(0.8, 1.6));
      heading += dice.uniform(-0.6, 0.6);
      p = p.step(heading, step);
      points.add(p);
      done += step;
    }
    Polyline crack = new Polyline(points);
    double reach = maxWidth / 2 + FRAY + 1;
    canvas.around(
        crack.minX(),
        crack.minY(),
        crack.maxX(),
        crack.maxY(),
        reach,
        (x, y) -> {
          if (!objects.isObject(x, y)) {
            return;
          }
          double[] dt = crack.project(x, y);
          double t = dt[1];
          double width =
              fromEdge
                  ? maxWidth * StrictMath.pow(1 - t, 0.7)
                  : maxWidth * StrictMath.sin(StrictMath.PI * t);
          // Gap coverage with a 1-pixel soft edge; the fibres just outside catch the light.
          double gap = Math.max(0, Math.min(1, width / 2 + 0.5 - dt[0]));
          if (gap > 0) {
            canvas.blend(x, y, 0, gap);
          } else if (fray > 0 && width > 0.3) {
            double out = dt[0] - (width / 2 + 0.5);
            if (out < FRAY) {
              canvas.blend(x, y, 255, fray * (1 - out / FRAY));
            }
          }
        });
  }
}
