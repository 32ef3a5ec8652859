package io.flowspect.service.ingest;

import io.flowspect.core.image.RasterImage;
import io.flowspect.core.inspect.Subject;
import io.flowspect.core.signal.Recording;

/** The result of reading one input record: a decoded image or recording, or a refusal. */
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
   * @param image the decoded pixels (1 or 3 channels); null for a sensor recording
   * @param signal the sensor recording; null for an image
   * @param decodeNanos time spent decoding
   */
  record Accepted(InboundImage meta, RasterImage image, Recording signal, long decodeNanos)
      implements Intake {

    /**
     * A decoded image.
     *
     * @param meta headers and position
     * @param image the decoded pixels
     * @param decodeNanos time spent decoding
     */
    public Accepted(InboundImage meta, RasterImage image, long decodeNanos) {
      this(meta, image, null, decodeNanos);
    }

    /**
     * Returns what core's scoring use case inspects.
     *
     * @return the image or the recording, under the record's class
     */
    public Subject subject() {
      return signal != null
          ? Subject.ofSignal(signal, meta.condition())
          : Subject.of(image, meta.condition());
    }
  }

  /**
   * An input that cannot be scored; it goes to the dead-letter topic.
   *
   * @param meta headers and position (image id may be the fallback id)
   * @param reason the category
   * @param message what is wrong, for people
   */
  record Refused(InboundImage meta, DlqReason reason, String message) implements Intake {}
}
