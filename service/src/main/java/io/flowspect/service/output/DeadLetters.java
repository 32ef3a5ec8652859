package io.flowspect.service.output;

import io.flowspect.service.ingest.Intake;
import io.flowspect.service.ingest.SourceRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds {@code flowspect.dlq} records: the refused input's own key, value and headers, plus
 * headers saying why and where it came from, so that a fixed input can be replayed as it was.
 */
public final class DeadLetters {

  /** The {@link io.flowspect.service.ingest.DlqReason} name, e.g. {@code TRUNCATED}. */
  public static final String ERROR_REASON = "error-reason";

  /** What is wrong, for people (at most {@link #MAX_MESSAGE_CHARS} characters). */
  public static final String ERROR_MESSAGE = "error-message";

  /** The input topic. */
  public static final String SOURCE_TOPIC = "source-topic";

  /** The input partition, decimal. */
  public static final String SOURCE_PARTITION = "source-partition";

  /** The input offset, decimal. */
  public static final String SOURCE_OFFSET = "source-offset";

  /** When the input was refused, ISO-8601. */
  public static final String FAILED_AT = "failed-at";

  /**
   * Present only when the original value was too large to forward: its length in bytes; the value
   * is then empty.
   */
  public static final String VALUE_DROPPED = "value-dropped";

  /** Longest error message kept in a header. */
  public static final int MAX_MESSAGE_CHARS = 1000;

  private DeadLetters() {}

  /**
   * Builds the dead letter of a refused input.
   *
   * @param input the consumed record
   * @param refusal why it was refused
   * @param topic the dead-letter topic
   * @param maxValueBytes largest value forwarded; a larger one is replaced by an empty value so
   *     that the dead letter itself cannot exceed the broker's record limit and block the pipeline
   * @param now the time of refusal
   * @return the record to produce
   */
  public static ProducerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> input,
      Intake.Refused refusal,
      String topic,
      int maxValueBytes,
      Instant now) {
    RecordHeaders headers = copyHeaders(input);
    SourceRef source = refusal.meta().source();
    putError(headers, refusal.reason().name(), refusal.message());
    putSource(headers, source.topic(), source.partition(), source.offset(), now);
    byte[] value = input.value();
    if (value != null && value.length > maxValueBytes) {
      put(headers, VALUE_DROPPED, Integer.toString(value.length));
      value = new byte[0];
    }
    return new ProducerRecord<>(topic, null, input.key(), value, headers);
  }

  /**
   * Starts a dead letter's headers with the refused record's own, so that a replay sees them.
   *
   * @param input the record that goes to a dead-letter topic
   * @return a copy of its headers
   */
  public static RecordHeaders copyHeaders(ConsumerRecord<byte[], byte[]> input) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : input.headers()) {
      headers.add(h.key(), h.value());
    }
    return headers;
  }

  /**
   * Sets {@link #ERROR_REASON} and {@link #ERROR_MESSAGE}, the message cut to {@link
   * #MAX_MESSAGE_CHARS}.
   *
   * @param headers the dead letter's headers
   * @param reason why, as a constant's name
   * @param message what is wrong, for people
   */
  public static void putError(RecordHeaders headers, String reason, String message) {
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
    }
    put(headers, ERROR_REASON, reason);
    put(headers, ERROR_MESSAGE, message);
  }

  /**
   * Sets the {@code source-*} headers and {@link #FAILED_AT}.
   *
   * @param headers the dead letter's headers
   * @param topic the input topic
   * @param partition the input partition
   * @param offset the input offset
   * @param now when it failed
   */
  public static void putSource(
      RecordHeaders headers, String topic, int partition, long offset, Instant now) {
    put(headers, SOURCE_TOPIC, topic);
    put(headers, SOURCE_PARTITION, Integer.toString(partition));
    put(headers, SOURCE_OFFSET, Long.toString(offset));
    put(headers, FAILED_AT, now.toString());
  }

  /**
   * Sets a header, replacing any of that name, as UTF-8 text.
   *
   * @param headers the dead letter's headers
   * @param name the header
   * @param value its text
   */
  public static void put(RecordHeaders headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
