package io.flowspect.service.api;

/**
 * A request the API refuses, with the HTTP status and the message the client gets as {@link
 * ApiError}.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates a refusal.
   *
   * @param status the HTTP status, 4xx or 5xx
   * @param message what is wrong, for the client
   */
  public ApiException(int status, String message) {
    super(message);
    this.status = status;
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
