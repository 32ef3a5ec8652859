package io.flowspect.core.defect;

/** {@link DefectKind#NOISE_PATCH}: a square of uniform random noise over the object. */
final class NoisePatchPainter implements DefectPainter {

  @Override
  public void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice) {
    double s = canvas.scale(severity);
    int side =
        switch (severity) {
          case SUBTLE -> dice.between(3, 5);
          case MODERATE -> (int) Math.round(dice.uniform(6, 9) * s);
          case STRONG -> (int) Math.round(dice.uniform(9, 13) * s);
        };
    int sideX = Math.max(1, Math.min(side, canvas.width()));
    int sideY = Math.max(1, Math.min(side, canvas.height()));
    int centre = dice.pick(objects.objectPixels());
    // The whole square stays inside the image, so clipping never shrinks a subtle patch.
    int x0 = clamp(centre % canvas.width() - sideX / 2, 0, canvas.width() - sideX);
    int y0 = clamp(centre / canvas.width() - sideY / 2, 0, canvas.height() - sideY);
    for (int y = y0; y < y0 + sideY; y++) {
      for (int x = x0; x < x0 + sideX; x++) {
        for (int c = 0; c < canvas.channels(); c++) {
          canvas.set(c, x, y, dice.byteValue());
        }
      }
    }
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
