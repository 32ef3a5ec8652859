package io.flowspect.core.inspect;

import io.flowspect.core.image.RasterImage;

/**
 * One image to inspect: decoded pixels to convert to the model input, or pixels already in it.
 *
 * @param image the decoded image; null when {@code chw} is given
 * @param chw the image as the model input (CHW bytes of its {@code InputSpec}); null when {@code
 *     image} is given
 * @param condition the class to score it under, for a conditional model; null otherwise, or to take
 *     the detector's default class
 */
public record Subject(RasterImage image, byte[] chw, String condition) {

  /** Checks that exactly one of the image and its CHW bytes is given. */
  public Subject {
    if ((image == null) == (chw == null)) {
      throw new IllegalArgumentException("a subject is either a decoded image or CHW bytes");
    }
  }

  /**
   * Returns a decoded image to convert to the model input.
   *
   * @param image the image
   * @param condition its class, or null
   * @return the subject
   */
  public static Subject of(RasterImage image, String condition) {
    return new Subject(image, null, condition);
  }

  /**
   * Returns an image already in the model input.
   *
   * @param chw its CHW bytes
   * @param condition its class, or null
   * @return the subject
   */
  public static Subject ofChw(byte[] chw, String condition) {
    return new Subject(null, chw, condition);
  }
}
