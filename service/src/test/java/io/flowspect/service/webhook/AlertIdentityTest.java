package io.flowspect.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.service.ingest.SourceRef;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class AlertIdentityTest {

  private static ConsumerRecord<byte[], byte[]> alert(int partition, long offset, String json) {
    return new ConsumerRecord<>(
        "flowspect.alerts",
        partition,
        offset,
        null,
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  private static final String ALERT =
      "{\"image_id\":\"cam1-42\",\"source\":{\"topic\":\"flowspect.images\",\"partition\":3,"
          + "\"offset\":1234}}";

  @Test
  void shouldKeyOnTheInputImageSoThatACopyOfTheAlertKeepsItsKey() {
    AlertIdentity first = AlertIdentity.of(alert(0, 10, ALERT));
    AlertIdentity copy = AlertIdentity.of(alert(1, 99, ALERT));
    assertThat(first)
        .isEqualTo(new AlertIdentity("cam1-42", new SourceRef("flowspect.images", 3, 1234)));
    assertThat(copy.idempotencyKey("ops")).isEqualTo(first.idempotencyKey("ops")).hasSize(32);
  }

  @Test
  void shouldGiveEveryEndpointAndEveryAlertItsOwnKey() {
    AlertIdentity a = AlertIdentity.of(alert(0, 10, ALERT));
    AlertIdentity b = AlertIdentity.of(alert(0, 11, ALERT.replace("1234", "1235")));
    assertThat(a.idempotencyKey("ops")).isNotEqualTo(a.idempotencyKey("audit"));
    assertThat(a.idempotencyKey("ops")).isNotEqualTo(b.idempotencyKey("ops"));
  }

  @Test
  void shouldFallBackToTheAlertRecordsOwnPositionForForeignRecords() {
    assertThat(AlertIdentity.of(alert(2, 7, "not json")))
        .isEqualTo(new AlertIdentity("", new SourceRef("flowspect.alerts", 2, 7)));
    assertThat(AlertIdentity.of(alert(2, 8, "{\"image_id\":\"x\"}")))
        .isEqualTo(new AlertIdentity("x", new SourceRef("flowspect.alerts", 2, 8)));
    assertThat(AlertIdentity.of(alert(2, 9, null)))
        .isEqualTo(new AlertIdentity("", new SourceRef("flowspect.alerts", 2, 9)));
  }
}
