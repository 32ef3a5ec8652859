package io.flowspect.service.webhook;

import java.util.Locale;

/**
 * Where an endpoint that has never committed an offset (a new endpoint, a renamed one) starts
 * reading the alert topic ({@code flowspect.webhooks.start-from}).
 */
public enum StartFrom {
  /**
   * From the oldest retained alert: nothing produced before the endpoint's first start is missed,
   * but a new endpoint on a long-running cluster receives the retained history.
   */
  EARLIEST,
  /** From alerts produced after the endpoint's first start. */
  LATEST;

  /**
   * Returns the consumer's {@code auto.offset.reset} value.
   *
   * @return {@code earliest} or {@code latest}
   */
  String offsetReset() {
    return name().toLowerCase(Locale.ROOT);
  }
}
