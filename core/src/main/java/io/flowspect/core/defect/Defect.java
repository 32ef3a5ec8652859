package io.flowspect.core.defect;

import io.flowspect.core.image.Box;
import java.util.Arrays;

/**
 * One synthetic defect painted onto a good image, with the ground truth to score localisation.
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
 * @param box the bounding box of {@code mask}, upper corner exclusive
 * @param changedPixels the number of pixels with at least one channel whose value changed, at least
 *     1
 */
public record Defect(
    DefectKind kind, Severity severity, byte[] image, boolean[] mask, Box box, int changedPixels) {

  /** Validates the parts against each other. */
  public Defect {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (severity == null) {
      throw new IllegalArgumentException("severity must not be null");
    }
    if (image == null || mask == null || box == null) {
      throw new IllegalArgumentException(
          "image, mask and box must not be null, got "
              + (image == null ? "image null" : image.length + " image bytes")
              + ", "
              + (mask == null ? "mask null" : mask.length + " mask flags")
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
    int touched = count(mask);
    if (changedPixels < 1 || changedPixels > touched) {
      throw new IllegalArgumentException(
          "changedPixels must be in 1.." + touched + " (the masked pixels), got " + changedPixels);
    }
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
        && changedPixels == other.changedPixels
        && box.equals(other.box)
        && Arrays.equals(image, other.image)
        && Arrays.equals(mask, other.mask);
  }

  @Override
  public int hashCode() {
    int h = 31 * kind.ordinal() + severity.ordinal();
    h = 31 * h + box.hashCode();
    h = 31 * h + Arrays.hashCode(image);
    return 31 * h + Arrays.hashCode(mask);
  }

  @Override
  public String toString() {
    return "Defect["
        + kind
        + ", "
        + severity
        + ", "
        + changedPixels
        + " changed of "
        + touchedPixels()
        + " touched pixels in "
        + box
        + "]";
  }
}
