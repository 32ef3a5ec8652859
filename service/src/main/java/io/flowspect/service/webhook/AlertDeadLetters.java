package io.flowspect.service.webhook;

import io.flowspect.service.output.DeadLetters;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds {@code flowspect.alerts.dlq} records: the undelivered alert's key, value and headers as
 * they were, plus why and where delivery failed, so that it can be replayed to the endpoint once
 * the receiver is fixed. The header names shared with {@code flowspect.dlq} ({@code error-reason},
 * {@code error-message}, {@code source-*}, {@code failed-at}) mean the same there.
 */
public final class AlertDeadLetters {

  /** The endpoint's name. */
  public static final String ENDPOINT = "webhook-endpoint";

  /** The endpoint's URL without user info or query. */
  public static final String URL = "webhook-url";

  /** Requests sent for this alert, decimal. */
  public static final String ATTEMPTS = "webhook-attempts";

  /** The last HTTP status, decimal; absent when the last attempt got no answer. */
  public static final String STATUS = "webhook-status";

  /** The idempotency key the requests carried. */
  public static final String IDEMPOTENCY_KEY = "webhook-idempotency-key";

  /** {@code error-reason} of an alert record without a value: nothing to send. */
  public static final String EMPTY = "EMPTY";

  private AlertDeadLetters() {}

  /**
   * Builds the dead letter of an alert that one endpoint did not accept.
   *
   * @param alert the alert record
   * @param endpoint the endpoint
   * @param reason {@code error-reason}: the last attempt's {@link DeliveryOutcome} name ({@code
   *     HTTP_ERROR}, {@code TIMEOUT}, {@code CONNECTION_ERROR}) or {@link #EMPTY}
   * @param message {@code error-message}, for people
   * @param attempts requests sent
   * @param status the last HTTP status, 0 for none
   * @param idempotencyKey the alert's key at the endpoint
   * @param topic the dead-letter topic
   * @param now when delivery was given up
   * @return the record to produce
   */
  public static ProducerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> alert,
      WebhookEndpoint endpoint,
      String reason,
      String message,
      int attempts,
      int status,
      String idempotencyKey,
      String topic,
      Instant now) {
    RecordHeaders headers = DeadLetters.copyHeaders(alert);
    DeadLetters.putError(headers, reason, message);
    DeadLetters.put(headers, ENDPOINT, endpoint.name());
    DeadLetters.put(headers, URL, endpoint.safeUrl());
    DeadLetters.put(headers, ATTEMPTS, Integer.toString(attempts));
    headers.remove(STATUS);
    if (status > 0) {
      DeadLetters.put(headers, STATUS, Integer.toString(status));
    }
    DeadLetters.put(headers, IDEMPOTENCY_KEY, idempotencyKey);
    DeadLetters.putSource(headers, alert.topic(), alert.partition(), alert.offset(), now);
    return new ProducerRecord<>(topic, null, alert.key(), alert.value(), headers);
  }
}
