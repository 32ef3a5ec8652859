package io.flowspect.core.image;

/**
 * An input that cannot be turned into a {@link RasterImage}.
 *
 * <p>It is checked because a bad image is an expected event (a user's folder, a message on a topic)
 * that callers must handle per input, typically by skipping it and reporting {@link #getMessage()},
 * which always starts with the input's name.
 */
public final class ImageDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why an input was refused; stable values for metrics and API error codes. */
  public enum Reason {
    /** Zero bytes. */
    EMPTY,
    /** More encoded bytes than {@link ImageLimits#maxBytes()}. */
    TOO_MANY_BYTES,
    /** Declared width * height above {@link ImageLimits#maxPixels()}. */
    TOO_MANY_PIXELS,
    /** The data ends before the image does. */
    TRUNCATED,
    /** Not PNG, JPEG or BMP, or a variant of them that cannot be decoded. */
    UNSUPPORTED_FORMAT,
    /** Inconsistent or damaged data. */
    CORRUPT,
    /** A raw buffer with a channel count other than 1 or 3. */
    WRONG_CHANNELS
  }

  private final Reason reason;
  private final String input;

  /**
   * Creates an exception whose message is {@code input + ": " + detail}.
   *
   * @param reason the category
   * @param input the input's name (file name, message key...)
   * @param detail what is wrong, including limits and actual values where relevant
   */
  public ImageDecodeException(Reason reason, String input, String detail) {
    this(reason, input, detail, null);
  }

  /**
   * Creates an exception whose message is {@code input + ": " + detail}.
   *
   * @param reason the category
   * @param input the input's name (file name, message key...)
   * @param detail what is wrong, including limits and actual values where relevant
   * @param cause the underlying decoder failure, or null
   */
  public ImageDecodeException(Reason reason, String input, String detail, Throwable cause) {
    super(input + ": " + detail, cause);
    if (reason == null) {
      throw new IllegalArgumentException("reason must not be null");
    }
    this.reason = reason;
    this.input = input;
  }

  /**
   * Returns the category of the failure.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the name of the refused input, as given to the decoder.
   *
   * @return the input name
   */
  public String input() {
    return input;
  }
}
