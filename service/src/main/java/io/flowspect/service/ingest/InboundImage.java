package io.flowspect.service.ingest;

import java.time.Instant;

/**
 * What the headers and key of an input record say about its image.
 *
 * @param imageId the {@code image-id} header, else {@link SourceRef#fallbackId()}
 * @param line the record key as UTF-8 (line or station id); null for a record without a key
 * @param contentType the {@code content-type} header; null when absent
 * @param capturedAt the {@code captured-at} header; null when absent
 * @param recordTimestamp the Kafka record timestamp
 * @param source where the record sits in the log
 * @param condition the {@code condition} header (the class a conditional bundle scores the image
 *     under); null when absent
 */
public record InboundImage(
    String imageId,
    String line,
    String contentType,
    Instant capturedAt,
    Instant recordTimestamp,
    SourceRef source,
    String condition) {

  /**
   * Returns the instant end-to-end latency is measured from.
   *
   * @return {@link #capturedAt()} when given, else the record timestamp
   */
  public Instant origin() {
    return capturedAt != null ? capturedAt : recordTimestamp;
  }
}
