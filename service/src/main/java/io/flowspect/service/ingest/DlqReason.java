package io.flowspect.service.ingest;

import io.flowspect.core.image.ImageDecodeException;

/**
 * Why an input went to the dead-letter topic: stable values for the {@code error-reason} header,
 * metrics and replay tools.
 */
public enum DlqReason {
  /** Zero bytes. */
  EMPTY,
  /** More bytes than {@code flowspect.ingest.max-bytes}. */
  TOO_MANY_BYTES,
  /**
   * More pixels than {@code flowspect.ingest.max-pixels}: a decompression bomb or a wrong camera.
   */
  TOO_MANY_PIXELS,
  /** The image data ends early. */
  TRUNCATED,
  /** Not PNG, JPEG or BMP, or a variant of them that cannot be decoded. */
  UNSUPPORTED_FORMAT,
  /** Damaged data, or raw pixels whose length does not match their headers. */
  CORRUPT,
  /** A raw image with a channel count other than 1 or 3. */
  WRONG_CHANNELS,
  /** A header of the contract is present but unreadable (e.g. {@code captured-at: yesterday}). */
  BAD_HEADER,
  /** A {@code content-type} the service does not read. */
  UNSUPPORTED_CONTENT_TYPE,
  /** No bundle is configured for the line and there is no default bundle. */
  NO_MODEL,
  /**
   * The image's bundle is conditional (cvae) and the record has no {@code condition} header: the
   * model cannot score it without its class.
   */
  NO_CONDITION,
  /** The {@code condition} header names no class of the image's conditional bundle. */
  UNKNOWN_CONDITION,
  /** The model failed on this image alone (the rest of its batch was scored). */
  SCORING_FAILED;

  /**
   * Maps a decoder refusal to its reason.
   *
   * @param reason the decoder's reason
   * @return the reason of the same name
   */
  public static DlqReason of(ImageDecodeException.Reason reason) {
    return valueOf(reason.name());
  }
}
