package io.flowspect.core.bundle;

/**
 * A model bundle that cannot be written or opened: missing, unreadable, from a newer format, or
 * modified after export. Unchecked because a service cannot do anything useful with a broken bundle
 * except report it; the message names the bundle directory and the offending file.
 */
public final class BundleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message names the bundle directory and the file
   */
  public BundleException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message names the bundle directory and the file
   * @param cause the underlying failure
   */
  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
