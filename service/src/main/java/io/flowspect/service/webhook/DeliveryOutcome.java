package io.flowspect.service.webhook;

import java.util.Locale;

/**
 * What happened to one request, or to one alert that was given up: the {@code outcome} tag of
 * {@code flowspect_webhook_deliveries_total}.
 */
public enum DeliveryOutcome {
  /** A 2xx answer: the alert is delivered. */
  SUCCESS,
  /** An answer other than 2xx (redirects included: they are not followed). */
  HTTP_ERROR,
  /** No answer within the endpoint's timeout (connecting included). */
  TIMEOUT,
  /** No connection, or the connection broke (refused, reset, unknown host, TLS failure). */
  CONNECTION_ERROR,
  /** The retry budget is spent: the alert went to the alert dead-letter topic. */
  DEAD_LETTER;

  /**
   * Returns the tag value.
   *
   * @return the name in lower case, e.g. {@code http_error}
   */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
