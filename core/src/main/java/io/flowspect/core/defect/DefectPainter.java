package io.flowspect.core.defect;

/**
 * Paints one {@link DefectKind} onto a canvas. Implementations are stateless: every random choice
 * comes from the dice, so a seed reproduces the defect.
 */
interface DefectPainter {

  /**
   * Paints one defect.
   *
   * @param canvas the image to paint on
   * @param objects where the object is in the good image
   * @param severity the size class to draw parameters from
   * @param dice the source of every random choice
   */
  void paint(Canvas canvas, ObjectMap objects, Severity severity, Dice dice);
}
