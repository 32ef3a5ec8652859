package io.flowspect.core.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A frame's defect mask as a run-length code: the pixels of its defect regions, compact enough to
 * ride in every score record and alert (a 256 x 256 frame with one defect takes a few dozen numbers
 * instead of 65,536 flags).
 *
 * <p>The code is the one COCO uses for uncompressed masks, but row-major: {@code counts} are the
 * lengths of alternating runs of background and defect pixels, reading each row left to right and
 * rows top to bottom, starting with background (so the first count is 0 when the first pixel is a
 * defect). Decoding: fill {@code counts[0]} pixels with false, {@code counts[1]} with true, and so
 * on; the counts add up to {@code width * height}.
 *
 * @param width frame columns
 * @param height frame rows
 * @param counts run lengths, background first, summing to {@code width * height}
 */
public record DefectMask(int width, int height, int[] counts) {

  /** Checks that the runs cover the frame exactly. */
  public DefectMask {
    long sum = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("run lengths must not be negative, got " + c);
      }
      sum += c;
    }
    if (sum != (long) width * height) {
      throw new IllegalArgumentException(
          "runs cover " + sum + " pixels, the frame has " + (long) width * height);
    }
  }

  /**
   * Encodes a mask.
   *
   * @param mask per pixel, row-major, true on a defect
   * @param width frame columns
   * @return the code
   */
  public static DefectMask of(boolean[] mask, int width) {
    if (width < 1 || mask.length % width != 0) {
      throw new IllegalArgumentException(
          "a mask of " + mask.length + " pixels is not rows of " + width);
    }
    List<Integer> runs = new ArrayList<>();
    boolean current = false;
    int run = 0;
    for (boolean m : mask) {
      if (m != current) {
        runs.add(run);
        current = m;
        run = 0;
      }
      run++;
    }
    runs.add(run);
    return new DefectMask(
        width, mask.length / width, runs.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Decodes the mask.
   *
   * @return per pixel, row-major, true on a defect
   */
  public boolean[] decode() {
    boolean[] out = new boolean[width * height];
    int at = 0;
    boolean value = false;
    for (int c : counts) {
      if (value) {
        Arrays.fill(out, at, at + c, true);
      }
      at += c;
      value = !value;
    }
    return out;
  }

  /**
   * Counts the defect pixels.
   *
   * @return pixels in the mask
   */
  @JsonIgnore
  public int area() {
    int area = 0;
    for (int i = 1; i < counts.length; i += 2) {
      area += counts[i];
    }
    return area;
  }
}
