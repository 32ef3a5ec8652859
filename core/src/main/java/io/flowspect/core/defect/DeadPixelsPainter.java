package io.flowspect.core.defect;

/**
 * {@link DefectKind#DEAD_PIXELS}: isolated stuck sensor pixels at 0 or 255, anywhere in the image,
 * since the sensor does not know where the object is.
 */
final class DeadPixelsPainter implements DefectPainter {

  private static final int TRIES_PER_PIXEL = 50;

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double area = canvas.scale(severity) * canvas.scale(severity);
    int count =
        switch (severity) {
          case SUBTLE -> dice.between(6, 14);
          case MODERATE -> (int) Math.round(dice.between(25, 45) * area);
          case STRONG -> (int) Math.round(dice.between(60, 100) * area);
        };
    int w = canvas.width();
    int h = canvas.height();
    // Pixels next to a stuck one are blocked: isolated defects are what a sensor produces.
    boolean[] blocked = new boolean[w * h];
    for (int k = 0; k < count; k++) {
      for (int attempt = 0; attempt < TRIES_PER_PIXEL; attempt++) {
        int x = dice.between(0, w - 1);
        int y = dice.between(0, h - 1);
        if (!blocked[y * w + x]) {
          stick(canvas, x, y, dice);
          for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
            for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
              blocked[yy * w + xx] = true;
            }
          }
          break;
        }
      }
    }
  }

  private static void stick(Canvas canvas, int x, int y, Dice dice) {
    int value = dice.chance(0.5) ? 255 : 0;
    if (canvas.channels() > 1 && dice.chance(0.3)) {
      // One stuck sub-pixel of a colour sensor.
      int c = dice.between(0, canvas.channels() - 1);
      canvas.set(c, x, y, canvas.original(c, x, y) == value ? 255 - value : value);
      return;
    }
    boolean same = true;
    for (int c = 0; c < canvas.channels(); c++) {
      same &= canvas.original(c, x, y) == value;
    }
    int stuck = same ? 255 - value : value;
    for (int c = 0; c < canvas.channels(); c++) {
      canvas.set(c, x, y, stuck);
    }
  }
}
