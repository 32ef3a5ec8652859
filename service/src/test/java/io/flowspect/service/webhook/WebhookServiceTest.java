package io.flowspect.service.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.support.KafkaTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The application with one endpoint configured through {@code flowspect.webhooks.*}: it creates the
 * alert dead-letter topic, delivers what arrives on {@code flowspect.alerts}, and counts it in
 * {@code flowspect_webhook_deliveries_total} at {@code /q/metrics}.
 */
@QuarkusTest
@TestProfile(WebhookServiceTest.WithReceiver.class)
class WebhookServiceTest {

  private static final String SECRET = "wiring-secret-0123456789";

  /** Starts a receiver and points the {@code wiring} endpoint at it. */
  public static final class WithReceiver implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ReceiverResource.class));
    }
  }

  /** The receiver's life follows the application's. */
  public static final class ReceiverResource implements QuarkusTestResourceLifecycleManager {
    private TestReceiver receiver;

    @Override
    public Map<String, String> start() {
      receiver = TestReceiver.onFreePort().up();
      return Map.of(
          "flowspect.webhooks.endpoints.wiring.url",
          receiver.url().toString(),
          "flowspect.webhooks.endpoints.wiring.secret",
          SECRET,
          "flowspect.webhooks.endpoints.wiring.timeout",
          "2s",
          "flowspect.webhooks.retry.backoff-base",
          "100ms");
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(receiver, new TestInjector.MatchesType(TestReceiver.class));
    }

    @Override
    public void stop() {
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  TestReceiver receiver;
  @Inject KafkaConnection kafka;
  @Inject WebhookService service;
  @Inject MeterRegistry registry;

  @Test
  void shouldDeliverTheAlertTopicToTheConfiguredEndpointAndCountIt() throws Exception {
    assertThat(service.dispatcher()).isPresent();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).contains(WebhookOptions.DEFAULT_DLQ_TOPIC);
    }
    byte[] alert =
        "{\"image_id\":\"wiring-1\",\"line\":\"line-a\",\"source\":{\"topic\":\"flowspect.images\","
            .concat("\"partition\":0,\"offset\":7}}")
            .getBytes(StandardCharsets.UTF_8);
    new KafkaTestClient(kafka.bootstrapServers())
        .produce(List.of(new ProducerRecord<>(Topics.ALERTS, alert)));

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    await("the alert at the receiver")
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !receiver.accepted().isEmpty());
    assertThat(receiver.accepted()).hasSize(1);
    TestReceiver.Request request = receiver.accepted().get(0);
    assertThat(request.body()).isEqualTo(alert);
    assertThat(
            new WebhookSigner(SECRET)
                .verify(
                    request.body(),
                    request.signature(),
                    Instant.now(),
                    WebhookSigner.DEFAULT_TOLERANCE))
        .isTrue();
    assertThat(request.idempotencyKey()).hasSize(32);

    // The receiver records the request as it answers; the dispatcher counts once it has the answer.
    var success =
        registry
            .get(MicrometerDeliveryMetrics.NAME)
            .tags("endpoint", "wiring", "outcome", "success")
            .counter();
    // What is left of the same 60 s budget.
    await("the success counter")
        .atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> success.count() >= 1);
    assertThat(success.count()).isEqualTo(1.0);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern(
            "flowspect_webhook_deliveries_total\\{endpoint=\"wiring\",outcome=\"success\"[^}]*\\}"
                + " 1\\.0")
        .containsPattern(
            "flowspect_webhook_deliveries_total\\{endpoint=\"wiring\",outcome=\"dead_letter\""
                + "[^}]*\\} 0\\.0");
  }
}
