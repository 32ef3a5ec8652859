package io.flowspect.service.api;

/**
 * A request the API refuses, with the HTTP status and the message the client gets as {@link
 * ApiError}.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final Long retryAfterSeconds;

  /**
   * Creates a refusal.
   *
   * @param status the HTTP status, 4xx or 5xx
   * @param message what is wrong, for the client
   */
  public ApiException(int status, String message) {
    this(status, message, null);
  }

  /**
   * Creates a refusal that tells the client when to try again.
   *
   * @param status the HTTP status, 429 or 503
   * @param message what is wrong, for the client
   * @param retryAfterSeconds the {@code Retry-After} header, whole seconds; null for none
   */
  public ApiException(int status, String message, Long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Returns when the client may try again.
   *
   * @return seconds for the {@code Retry-After} header, or null
   */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }
}
