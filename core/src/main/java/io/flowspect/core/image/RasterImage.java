package io.flowspect.core.image;

import java.util.Arrays;

/**
 * A decoded image in memory: unsigned 8-bit samples, interleaved row-major HWC (for RGB: {@code
 * R,G,B} of pixel (0,0), then pixel (1,0), ...).
 *
 * <p>It is the one in-memory form between the decoders (PNG, JPEG, BMP, raw buffers, IDX files) and
 * {@link InputSpec#toChw}, so the preprocessing never has to care where an image came from.
 *
 * <p>The pixel array is taken over, not copied, because images can be tens of megabytes: do not
 * modify it after construction. Equality compares the pixel contents. Instances are safe to share
 * between threads once constructed.
 *
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param pixels {@code width * height * channels} bytes, each an unsigned value 0..255
 */
public record RasterImage(int width, int height, int channels, byte[] pixels) {

  /** Validates the dimensions against the pixel buffer. */
  public RasterImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "width and height must be at least 1, got " + width + " x " + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (pixels == null) {
      throw new IllegalArgumentException("pixels must not be null");
    }
    long expected = (long) width * height * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels has "
              + pixels.length
              + " bytes, expected width * height * channels = "
              + width
              + " * "
              + height
              + " * "
              + channels
              + " = "
              + expected);
    }
  }

  /**
   * Returns one sample as an unsigned value.
   *
   * @param x column, 0..width-1
   * @param y row, 0..height-1
   * @param channel 0..channels-1
   * @return the sample, 0..255
   */
  public int sample(int x, int y, int channel) {
    return pixels[(y * width + x) * channels + channel] & 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RasterImage other
        && width == other.width
        && height == other.height
        && channels == other.channels
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * width + height) + channels) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "RasterImage[" + width + " x " + height + " x " + channels + "]";
  }
}
