package io.flowspect.service.ingest;

import io.flowspect.core.image.ImageDecodeException;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.signal.Recording;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads one input record of the {@link ImageHeaders} contract into a decoded image, or says why it
 * cannot: never throws for bad input, so one broken camera cannot stop the pipeline.
 *
 * <p>Decoding is core's {@link ImageDecoder}, whose limits refuse oversized inputs and
 * decompression bombs before allocating them. Thread-safe.
 */
public final class ImageIntake {

  private final ImageDecoder decoder;

  /**
   * Creates an intake.
   *
   * @param limits byte and pixel limits of every input
   */
  public ImageIntake(ImageLimits limits) {
    this.decoder = new ImageDecoder(limits);
  }

  /**
   * Reads a record.
   *
   * @param record key = line id, value = image bytes, headers per {@link ImageHeaders}
   * @return the decoded image or the refusal
   */
  public Intake read(ConsumerRecord<byte[], byte[]> record) {
    SourceRef source = SourceRef.of(record);
    Headers headers = record.headers();
    String headerProblem = oversizeHeader(headers);
    String id = text(headers, ImageHeaders.IMAGE_ID);
    if (id == null || id.isBlank() || headerProblem != null) {
      id = source.fallbackId();
    }
    String line = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    String contentType = text(headers, ImageHeaders.CONTENT_TYPE);
    Instant timestamp = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
    String captured = text(headers, ImageHeaders.CAPTURED_AT);
    Instant capturedAt = null;
    if (captured != null && headerProblem == null) {
      try {
        capturedAt = parseInstant(captured);
      } catch (DateTimeException | NumberFormatException e) {
        headerProblem =
            ImageHeaders.CAPTURED_AT
                + " is '"
                + captured
                + "', expected epoch milliseconds or an ISO-8601 instant";
      }
    }
    String condition = text(headers, ImageHeaders.CONDITION);
    if (condition != null && condition.isBlank()) {
      condition = null;
    }
    InboundImage meta =
        new InboundImage(id, line, contentType, capturedAt, timestamp, source, condition);
    if (headerProblem != null) {
      return new Intake.Refused(meta, DlqReason.BAD_HEADER, id + ": " + headerProblem);
    }
    byte[] value = record.value() == null ? new byte[0] : record.value();
    long start = System.nanoTime();
    try {
      RasterImage image;
      String type = mediaType(contentType);
      if (type == null || type.startsWith("image/")) {
        image = decoder.decode(id, value);
      } else if (type.equals(ImageHeaders.RAW_CONTENT_TYPE)) {
        int width = intHeader(headers, ImageHeaders.WIDTH);
        int height = intHeader(headers, ImageHeaders.HEIGHT);
        int channels = intHeader(headers, ImageHeaders.CHANNELS);
        image = decoder.decodeRaw(id, value, width, height, channels);
      } else if (type.equals(Recording.CONTENT_TYPE)) {
        Recording signal =
            Recording.fromFloat32(
                id, value, channels(headers), doubleHeader(headers, ImageHeaders.SAMPLE_RATE));
        return new Intake.Accepted(meta, null, signal, System.nanoTime() - start);
      } else {
        return new Intake.Refused(
            meta,
            DlqReason.UNSUPPORTED_CONTENT_TYPE,
            id
                + ": content-type '"
                + contentType
                + "' is not image/png, image/jpeg, image/bmp, "
                + ImageHeaders.RAW_CONTENT_TYPE
                + " or "
                + Recording.CONTENT_TYPE);
      }
      return new Intake.Accepted(meta, image, System.nanoTime() - start);
    } catch (ImageDecodeException e) {
      return new Intake.Refused(meta, DlqReason.of(e.reason()), e.getMessage());
    } catch (BadHeaderException e) {
      return new Intake.Refused(meta, DlqReason.BAD_HEADER, id + ": " + e.getMessage());
    }
  }

  /**
   * Parses a {@code captured-at} value.
   *
   * @param text epoch milliseconds or an ISO-8601 instant with zone or offset
   * @return the instant
   * @throws DateTimeException if it is neither
   */
  public static Instant parseInstant(String text) {
    String t = text.trim();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochMilli(Long.parseLong(t));
    }
    return OffsetDateTime.parse(t).toInstant();
  }

  /** The media type without parameters, lower case; null when absent. */
  private static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /** The contract headers whose values are checked for length, and their limits. */
  private static final String[] LIMITED = {
    ImageHeaders.IMAGE_ID,
    ImageHeaders.CONTENT_TYPE,
    ImageHeaders.CAPTURED_AT,
    ImageHeaders.CONDITION,
    ImageHeaders.WIDTH,
    ImageHeaders.HEIGHT,
    ImageHeaders.CHANNELS,
    ImageHeaders.SAMPLE_RATE,
    ImageHeaders.SIGNAL_CHANNELS
  };

  /** Names the first contract header longer than its limit, else null. */
  private static String oversizeHeader(Headers headers) {
    for (String name : LIMITED) {
      Header h = headers.lastHeader(name);
      int limit =
          name.equals(ImageHeaders.IMAGE_ID)
              ? ImageHeaders.MAX_ID_BYTES
              : ImageHeaders.MAX_VALUE_BYTES;
      if (h != null && h.value() != null && h.value().length > limit) {
        return name + " is " + h.value().length + " bytes long, at most " + limit;
      }
    }
    return null;
  }

  private static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** A recording's channel count: the header, 1 when absent. */
  private static int channels(Headers headers) throws BadHeaderException {
    String v = text(headers, ImageHeaders.SIGNAL_CHANNELS);
    if (v == null) {
      return 1;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new BadHeaderException(
          ImageHeaders.SIGNAL_CHANNELS + " is '" + v + "', expected a decimal number");
    }
  }

  private static double doubleHeader(Headers headers, String name) throws BadHeaderException {
    String v = text(headers, name);
    if (v == null) {
      throw new BadHeaderException(
          Recording.CONTENT_TYPE + " needs the header " + name + " (samples per second)");
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new BadHeaderException(name + " is '" + v + "', expected a number");
    }
  }

  private static int intHeader(Headers headers, String name) throws BadHeaderException {
    String v = text(headers, name);
    if (v == null) {
      throw new BadHeaderException(
          ImageHeaders.RAW_CONTENT_TYPE + " needs the header " + name + " (a decimal number)");
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new BadHeaderException(name + " is '" + v + "', expected a decimal number");
    }
  }

  /** A header of the contract with an unreadable value. */
  private static final class BadHeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    BadHeaderException(String message) {
      super(message);
    }
  }
}
