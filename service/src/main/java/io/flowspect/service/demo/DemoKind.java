package io.flowspect.service.demo;

import java.util.Locale;

/** What a demo image is, and what the service should make of it. */
public enum DemoKind {
  /** A Fashion-MNIST test image, like the model's training images: should score as normal. */
  NORMAL,
  /** An MNIST digit: another distribution, should raise an alert. */
  DIGIT,
  /** A Fashion-MNIST image with a synthetic production defect: should, but may not, alert. */
  DEFECT,
  /** A truncated PNG: should go to the dead-letter topic. */
  CORRUPT,
  /**
   * A camera frame of the frames line, good or with a painted defect (its id ends in {@code good}
   * or the defect's kind): judged whole, its defect outlined.
   */
  FRAME,
  /**
   * A recording of the sensor line, healthy or from a faulty machine (its id ends in {@code
   * healthy} or the fault and severity): judged window by window, its hottest time span drawn.
   */
  SENSOR;

  /**
   * Returns what a report calls several of them.
   *
   * @return e.g. {@code "digits"}
   */
  public String plural() {
    return switch (this) {
      case NORMAL -> "normal images";
      case DIGIT -> "digits";
      case DEFECT -> "defective images";
      case CORRUPT -> "corrupt images";
      case FRAME -> "frames";
      case SENSOR -> "sensor recordings";
    };
  }

  /**
   * Returns the name used in image ids.
   *
   * @return e.g. {@code "digit"}
   */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads the kind back from a demo image id ({@code demo-<run>-<sequence>-<kind>[-<label>]}).
   *
   * @param imageId an image id
   * @return the kind, or null when the id is not a demo id
   */
  public static DemoKind ofImageId(String imageId) {
    if (imageId == null || !imageId.startsWith(DemoImage.ID_PREFIX)) {
      return null;
    }
    String[] parts = imageId.split("-", 5);
    if (parts.length < 4) {
      return null;
    }
    for (DemoKind k : values()) {
      if (k.tag().equals(parts[3])) {
        return k;
      }
    }
    return null;
  }
}
