package io.flowspect.service.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.service.ingest.SourceRef;
import io.flowspect.service.output.OutputJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What makes an alert the same alert, however often it is read or written: the image id and the
 * position of the <em>input</em> image in its topic (the alert's {@code image_id} and {@code
 * source}).
 *
 * <p>Why the input's position and not the alert record's own: an at-least-once pipeline that
 * crashes writes the same alert again at a new offset; keyed on the input it keeps its idempotency
 * key. An alert record that is not a Flowspect alert (no {@code source}) falls back to its own
 * topic, partition and offset, which are just as stable across redeliveries of that record.
 *
 * @param imageId the alert's {@code image_id}; empty when absent
 * @param source the input image's position, or the alert record's own
 */
public record AlertIdentity(String imageId, SourceRef source) {

  /** The header carrying the idempotency key. */
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  /**
   * Reads the identity of an alert record.
   *
   * @param alert a record of the alert topic
   * @return its identity; never fails
   */
  public static AlertIdentity of(ConsumerRecord<byte[], byte[]> alert) {
    SourceRef own = SourceRef.of(alert);
    if (alert.value() == null) {
      return new AlertIdentity("", own);
    }
    try {
      JsonNode json = OutputJson.mapper().readTree(alert.value());
      if (json == null || !json.isObject()) {
        return new AlertIdentity("", own);
      }
      String imageId = json.path("image_id").asText("");
      JsonNode source = json.path("source");
      if (source.path("topic").isTextual()
          && source.path("partition").canConvertToInt()
          && source.path("offset").canConvertToLong()) {
        return new AlertIdentity(
            imageId,
            new SourceRef(
                source.get("topic").asText(),
                source.get("partition").asInt(),
                source.get("offset").asLong()));
      }
      return new AlertIdentity(imageId, own);
    } catch (IOException e) {
      return new AlertIdentity("", own);
    }
  }

  /**
   * Returns the idempotency key of this alert at one endpoint: the same for every attempt, every
   * redelivery after a restart and every copy of the alert, and different for every other alert or
   * endpoint.
   *
   * @param endpoint the endpoint's name
   * @return 32 lower-case hex digits: the first 128 bits of a SHA-256 over endpoint, image id and
   *     source position
   */
  public String idempotencyKey(String endpoint) {
    String material =
        String.join(
            "\n",
            "flowspect-webhook-v1",
            endpoint,
            imageId,
            source.topic(),
            Integer.toString(source.partition()),
            Long.toString(source.offset()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
