package io.flowspect.service.ingest;

import io.flowspect.core.image.RasterImage;

/** The result of reading one input record: a decoded image or a refusal. */
public sealed interface Intake {

  /**
   * Returns what the headers say, present in both outcomes.
   *
   * @return the image's metadata
   */
  InboundImage meta();

  /**
   * A decoded image.
   *
   * @param meta headers and position
   * @param image the decoded pixels (1 or 3 channels)
   * @param decodeNanos time spent decoding
   */
  record Accepted(InboundImage meta, RasterImage image, long decodeNanos) implements Intake {}

  /**
   * An input that cannot be scored; it goes to the dead-letter topic.
   *
   * @param meta headers and position (image id may be the fallback id)
   * @param reason the category
   * @param message what is wrong, for people
   */
  record Refused(InboundImage meta, DlqReason reason, String message) implements Intake {}
}
