package io.flowspect.core.defect;

import io.flowspect.core.image.Box;
import java.util.Arrays;

/**
 * One synthetic defect painted onto a good image, with the ground truth to score localisation.
 *
 * <p>Two masks, because the painter's footprint and what the image shows differ: a smear blurs flat
 * material without changing it, a hole's edge falls on background that is already dark.
 * Localisation is scored against {@link #changed()}, the pixels a map can possibly point at;
 * touched pixels that kept their value are neither a hit nor a false alarm.
 *
 * <p>The arrays are not copied: do not modify them. Equality compares contents.
 *
 * @param kind what was painted
 * @param severity the severity asked for
 * @param image the defective image: unsigned bytes in CHW order, the input's layout and length
 * @param mask {@code height * width} flags, index {@code y * width + x}: the pixels the defect
 *     touched. It covers every changed pixel, and may also hold touched pixels that kept their
 *     value (a hole's edge on the background, a bright scratch over a saturated pixel), because the
 *     defect is physically there even where the image cannot show it.
 * @param changed {@code height * width} flags: the pixels with at least one channel whose value
 *     changed, a subset of {@code mask} with at least one flag set
 * @param box the bounding box of {@code mask}, upper corner exclusive
 */
public record Defect(
    DefectKind kind, Severity severity, byte[] image, boolean[] mask, boolean[] changed, Box box) {

  /** Validates the parts against each other. */
  public Defect {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (severity == null) {
      throw new IllegalArgumentException("severity must not be null");
    }
    if (image == null || mask == null || changed == null || box == null) {
      throw new IllegalArgumentException(
          "image, mask, changed and box must not be null, got "
              + (image == null ? "image null" : image.length + " image bytes")
              + ", "
              + (mask == null ? "mask null" : mask.length + " mask flags")
              + ", "
              + (changed == null ? "changed null" : changed.length + " changed flags")
              + ", box "
              + box);
    }
    if (mask.length == 0 || image.length % mask.length != 0) {
      throw new IllegalArgumentException(
          "image length must be a multiple of the mask length "
              + mask.length
              + " (one plane per channel), got "
              + image.length);
    }
    if (changed.length != mask.length) {
      throw new IllegalArgumentException(
          "changed must hold one flag per mask pixel, " + mask.length + ", got " + changed.length);
    }
    int outside = 0;
    for (int i = 0; i < mask.length; i++) {
      outside += changed[i] && !mask[i] ? 1 : 0;
    }
    if (outside > 0) {
      throw new IllegalArgumentException(
          "every changed pixel must be touched (in mask), got " + outside + " outside the mask");
    }
    if (count(changed) == 0) {
      throw new IllegalArgumentException("a defect must change at least one pixel, got none");
    }
  }

  /**
   * Returns the number of pixels the defect changed.
   *
   * @return the number of set flags in {@link #changed()}, at least 1
   */
  public int changedPixels() {
    return count(changed);
  }

  /**
   * Returns the number of pixels the defect touched, changed or not.
   *
   * @return the number of set flags in {@link #mask()}, at least {@link #changedPixels()}
   */
  public int touchedPixels() {
    return count(mask);
  }

  private static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      if (f) {
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Defect other
        && kind == other.kind
        && severity == other.severity
        && box.equals(other.box)
        && Arrays.equals(image, other.image)
        && Arrays.equals(mask, other.mask)
        && Arrays.equals(changed, other.changed);
  }

  @Override
  public int hashCode() {
    int h = 31 * kind.ordinal() + severity.ordinal();
    h = 31 * h + box.hashCode();
    h = 31 * h + Arrays.hashCode(image);
    h = 31 * h + Arrays.hashCode(mask);
    return 31 * h + Arrays.hashCode(changed);
  }

  @Override
  public String toString() {
    return "Defect["
        + kind
        + ", "
        + severity
        + ", "
        + changedPixels()
        + " changed of "
        + touchedPixels()
        + " touched pixels in "
        + box
        + "]";
  }
}
