package io.flowspect.core.frames;

import io.flowspect.core.image.RasterImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

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

  /**
   * Returns the frame as a raster, as a decoder would give it.
   *
   * @return 3-channel RGB, sharing this frame's bytes
   */
  public RasterImage raster() {
    return new RasterImage(width, height, 3, rgb);
  }

  /**
   * Encodes the frame as a PNG, as a camera on the line would send it.
   *
   * @return the PNG's bytes
   */
  public byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(FrameBenchmark.rgbImage(this), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a frame as PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
