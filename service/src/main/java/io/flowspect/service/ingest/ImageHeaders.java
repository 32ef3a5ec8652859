package io.flowspect.service.ingest;

/**
 * Header names of the input contract ({@code flowspect.images}); values are UTF-8 text.
 *
 * <p>Only the value is required: without {@link #IMAGE_ID} the image is named after its position in
 * the log ({@code topic-partition-offset}, stable across redeliveries), without {@link
 * #CONTENT_TYPE} the bytes are sniffed as PNG, JPEG or BMP, and without {@link #CAPTURED_AT}
 * end-to-end latency starts at the Kafka record timestamp.
 */
public final class ImageHeaders {

  /** The producer's id of the image, echoed in every output record. */
  public static final String IMAGE_ID = "image-id";

  /**
   * Longest {@link #IMAGE_ID}, in UTF-8 bytes: an id is echoed into every output record, metric
   * exemplar and log line, so a camera that sends a megabyte of id is refused, not copied.
   */
  public static final int MAX_ID_BYTES = 256;

  /** Longest value of any other header of the contract, in UTF-8 bytes. */
  public static final int MAX_VALUE_BYTES = 1024;

  /**
   * {@code image/png}, {@code image/jpeg}, {@code image/bmp} (the bytes are decoded by their magic
   * number whichever of the three is named), {@link #RAW_CONTENT_TYPE}, or {@code
   * application/x-float32} for a sensor recording (little-endian float32 samples, channels
   * interleaved, with {@link #SAMPLE_RATE} and {@link #SIGNAL_CHANNELS}).
   */
  public static final String CONTENT_TYPE = "content-type";

  /**
   * When the camera took the image: epoch milliseconds ({@code 1763731200000}) or an ISO-8601
   * instant with a zone or offset ({@code 2025-11-21T13:20:00Z}, {@code
   * 2025-11-21T14:20:00.250+01:00}).
   */
  public static final String CAPTURED_AT = "captured-at";

  /**
   * The class the image is scored under by a conditional bundle (cvae): one of the classes of the
   * manifest's {@code condition} (e.g. the product type on the line). Required for such bundles (a
   * record without it, or with an unknown class, is a dead letter); ignored by other bundles.
   */
  public static final String CONDITION = "condition";

  /** Width in pixels of a raw image. */
  public static final String WIDTH = "image-width";

  /** Height in pixels of a raw image. */
  public static final String HEIGHT = "image-height";

  /** Channels of a raw image: 1 (gray) or 3 (RGB, interleaved). */
  public static final String CHANNELS = "image-channels";

  /**
   * Content type of undecoded pixels: {@code width * height * channels} unsigned bytes, row-major,
   * channels interleaved (HWC), with {@link #WIDTH}, {@link #HEIGHT} and {@link #CHANNELS}.
   */
  public static final String RAW_CONTENT_TYPE = "application/x-raw";

  /**
   * Samples per second per channel of a sensor recording ({@link
   * io.flowspect.core.signal.Recording#CONTENT_TYPE}); it must equal the rate the line's model was
   * trained at.
   */
  public static final String SAMPLE_RATE = "sample-rate";

  /** Channels of a sensor recording, 1 to 16, interleaved; 1 when absent. */
  public static final String SIGNAL_CHANNELS = "channels";

  private ImageHeaders() {}
}
