package io.flowspect.core.frames;

/**
 * A rendered frame and its truth.
 *
 * @param width columns
 * @param height rows
 * @param rgb 8-bit RGB, row-major, channels interleaved ({@code 3 * width * height} bytes)
 * @param mask per pixel, row-major: true where the defect was painted; all false for a good frame
 * @param defect the defect painted; null for a good frame
 * @param severity its size; null for a good frame
 */
public record MadeFrame(
    int width, int height, byte[] rgb, boolean[] mask, FrameDefect defect, FrameSeverity severity) {

  /**
   * Counts the defect's pixels.
   *
   * @return pixels in the mask
   */
  public int defectPixels() {
    int n = 0;
    for (boolean m : mask) {
      if (m) {
        n++;
      }
    }
    return n;
  }
}
