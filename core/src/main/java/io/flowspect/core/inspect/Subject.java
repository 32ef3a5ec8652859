package io.flowspect.core.inspect;

import io.flowspect.core.image.RasterImage;
import io.flowspect.core.signal.Recording;

/**
 * One image to inspect: decoded pixels to convert to the model input, or pixels already in it.
 *
 * @param image the decoded image; null when {@code chw} is given
 * @param chw the image as the model input (CHW bytes of its {@code InputSpec}); null when {@code
 *     image} is given
 * @param condition the class to score it under, for a conditional model; null otherwise, or to take
 *     the detector's default class
 * @param signal a sensor recording, judged window by window; null when {@code image} or {@code chw}
 *     is given
 */
public record Subject(RasterImage image, byte[] chw, String condition, Recording signal) {

  /** Checks that exactly one of the image, its CHW bytes and a recording is given. */
  public Subject {
    int given = (image == null ? 0 : 1) + (chw == null ? 0 : 1) + (signal == null ? 0 : 1);
    if (given != 1) {
      throw new IllegalArgumentException(
          "a subject is either a decoded image, CHW bytes or a recording");
    }
  }

  /**
   * A subject without a recording.
   *
   * @param image the decoded image, or null
   * @param chw the model input, or null
   * @param condition its class, or null
   */
  public Subject(RasterImage image, byte[] chw, String condition) {
    this(image, chw, condition, null);
  }

  /**
   * Returns a sensor recording, judged window by window.
   *
   * @param signal the recording
   * @param condition its class, or null
   * @return the subject
   */
  public static Subject ofSignal(Recording signal, String condition) {
    return new Subject(null, null, condition, signal);
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
