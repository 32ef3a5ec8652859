package io.flowspect.core.image;

/**
 * Upper bounds that a decoder enforces before it allocates anything for an image.
 *
 * <p>Why: images arrive from users and from a message bus, so a hostile or broken file must not be
 * able to exhaust memory. A compressed PNG of a few kilobytes can declare 20000 x 20000 pixels (1.2
 * GB once decoded as RGB); checking the declared size against {@link #maxPixels} before decoding
 * refuses such a "decompression bomb" at the cost of reading a header.
 *
 * @param maxBytes largest accepted encoded input, in bytes, at least 1
 * @param maxPixels largest accepted {@code width * height}, in pixels (not samples), at least 1
 */
public record ImageLimits(long maxBytes, long maxPixels) {

  /** 32 MiB: far above any camera frame we expect, far below a JVM heap. */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

  /** 50 megapixels: a large camera sensor; decoded as RGB this is 150 MB at most. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** Validates that both limits are positive. */
  public ImageLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
    }
  }

  /**
   * Returns the defaults: 32 MiB of encoded input and 50,000,000 pixels, which admit any realistic
   * inspection image while bounding one decode to a few hundred megabytes of heap.
   *
   * @return the default limits
   */
  public static ImageLimits defaults() {
    return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
  }
}
