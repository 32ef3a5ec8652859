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
    RecordHeaders headers = new RecordHeaders();
    for (Header h : input.headers()) {
      headers.add(h.key(), h.value());
    }
    SourceRef source = refusal.meta().source();
    String message = refusal.message();
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
    }
    put(headers, ERROR_REASON, refusal.reason().name());
    put(headers, ERROR_MESSAGE, message);
    put(headers, SOURCE_TOPIC, source.topic());
    put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
    put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
    put(headers, FAILED_AT, now.toString());
    byte[] value = input.value();
    if (value != null && value.length > maxValueBytes) {
      put(headers, VALUE_DROPPED, Integer.toString(value.length));
      value = new byte[0];
    }
    return new ProducerRecord<>(topic, null, input.key(), value, headers);
  }

  private static void put(RecordHeaders headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
