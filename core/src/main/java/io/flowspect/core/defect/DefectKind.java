package io.flowspect.core.defect;

/**
 * The kinds of production defect that {@link DefectGenerator} paints.
 *
 * <p>Each imitates one physical cause, so that a model's blind spots can be named ("misses folds")
 * rather than averaged away. Defects of the material are placed on the object, the pixels whose
 * mean over the channels is at least 24 (the whole image when none is): {@link #SCRATCH}, {@link
 * #STAIN}, {@link #FOLD} and {@link #TEAR} change object pixels only; {@link #HOLE}, {@link
 * #CUTOUT} and {@link #SMEAR} may reach past the outline. Defects of the line or the camera ({@link
 * #NOISE_PATCH}, {@link #FOREIGN_OBJECT}, {@link #DEAD_PIXELS}) may also fall on the background.
 * Sizes are for 28 x 28 images; {@link Severity#MODERATE} and {@link Severity#STRONG} defects scale
 * with the shorter image side.
 */
public enum DefectKind {
  /**
   * A thin scratch: a 1-pixel anti-aliased line, straight when subtle, a polyline of up to four
   * bending segments when strong (then two scratches), each uniformly brighter (bare material) or
   * darker (a groove).
   */
  SCRATCH,
  /**
   * A punched hole: one disk of radius 1.3 to 2.3 (subtle), 2.3 to 3 (moderate) or two or three of
   * radius 2.5 to 3.2 (strong), set to the background value 0 with an anti-aliased edge; moderate
   * and strong holes have a slightly darkened, frayed rim.
   */
  HOLE,
  /**
   * A stain: an irregular soft blob that darkens (dirt, oil; 70%) or brightens (bleach) the
   * material with a smooth falloff to its edge; in RGB slightly tinted.
   */
  STAIN,
  /**
   * A missing piece: a rectangle or an irregular polygon set to the background, usually bitten out
   * of the object's outline, sometimes from its inside.
   */
  CUTOUT,
  /**
   * Corrupted readout: a square of uniform random noise (each channel independent) over the object.
   */
  NOISE_PATCH,
  /**
   * Something that does not belong: a small bright disk, triangle, cross or rod (a chip, a pin, a
   * fibre) lying on the object or just beside it, casting a short shadow onto the object; two of
   * them at most when strong.
   */
  FOREIGN_OBJECT,
  /**
   * A smudge: the object's edge dragged in one direction, a one-sided motion blur that fades out
   * towards the border of a small disk.
   */
  SMEAR,
  /**
   * A crease: a dark line across part of the object with a bright ridge beside it; for moderate and
   * strong folds the material on one side is also pulled in by 1 or 2 pixels.
   */
  FOLD,
  /**
   * Camera defect: isolated stuck pixels at 0 or 255 anywhere in the image (in RGB sometimes only
   * one channel), never two neighbours.
   */
  DEAD_PIXELS,
  /**
   * A rip: a jagged, tapering crack through the material, usually starting at the outline, through
   * which the background shows; moderate and strong tears have frayed, lighter edges.
   */
  TEAR
}
