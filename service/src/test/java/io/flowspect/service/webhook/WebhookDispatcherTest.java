package io.flowspect.service.webhook;

import static io.flowspect.service.support.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.explain.Explanation;
import io.flowspect.core.inspect.Judgement;
import io.flowspect.service.ingest.SourceRef;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.output.AlertRecord;
import io.flowspect.service.output.DeadLetters;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelRef;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook dispatcher against a real in-process Kafka broker and real HTTP receivers: every
 * alert reaches every endpoint through outages and restarts, signed, with one idempotency key per
 * alert and endpoint; alerts that exhaust the retry budget go to the alert dead-letter topic and
 * the offset moves on.
 */
class WebhookDispatcherTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String INSTANCE = "webhook-test";

  private static EmbeddedKafka kafka;
  private static KafkaTestClient client;

  @BeforeAll
  static void startBroker() {
    QuietKafkaLogs.apply();
    kafka = EmbeddedKafka.start();
    client = new KafkaTestClient(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** The alert topic and its dead-letter topic of one test, two partitions each. */
  private record TestTopics(String alerts, String dlq) {}

  private static TestTopics topics(String name) {
    TestTopics t = new TestTopics(name + ".alerts", name + ".alerts.dlq");
    TopicAdmin.ensure(
        kafka.bootstrapServers(),
        List.of(t.alerts(), t.dlq()),
        2,
        (short) 1,
        Map.of(),
        Duration.ofSeconds(30));
    return t;
  }

  private static WebhookEndpoint endpoint(String name, TestReceiver receiver, Duration timeout) {
    return new WebhookEndpoint(name, receiver.url(), "secret-of-" + name, timeout);
  }

  private static WebhookOptions options(
      TestTopics topics,
      String name,
      List<WebhookEndpoint> endpoints,
      RetryPolicy retry,
      BreakerPolicy breaker) {
    return new WebhookOptions(
        kafka.bootstrapServers(),
        topics.alerts(),
        topics.dlq(),
        endpoints,
        retry,
        breaker,
        name,
        INSTANCE,
        StartFrom.EARLIEST,
        Map.of(),
        Map.of());
  }

  /** Alert records as the scoring pipeline writes them, one input offset each. */
  private static List<ProducerRecord<byte[], byte[]>> alerts(String topic, String prefix, int n) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      AlertRecord alert =
          new AlertRecord(
              id,
              "line-a",
              new ModelRef("fmnist-made-tiny", "0.1.0-test", "made"),
              new Judgement(
                  "complexity",
                  6.8 + i,
                  2.09,
                  0.002,
                  true,
                  Map.of("complexity", 6.8 + i),
                  Map.of(),
                  List.of(),
                  null),
              null,
              Instant.now().toString(),
              new SourceRef("flowspect.images", i % 3, 1000L + i),
              Explanation.NONE,
              null);
      RecordHeaders h = new RecordHeaders();
      h.add("image-id", id.getBytes(StandardCharsets.UTF_8));
      h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
      out.add(
          new ProducerRecord<>(
              topic, null, "line-a".getBytes(StandardCharsets.UTF_8), OutputJson.bytes(alert), h));
    }
    return out;
  }

  private static String imageId(byte[] body) {
    try {
      JsonNode json = OutputJson.mapper().readTree(body);
      return json.get("image_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> ids(List<TestReceiver.Request> requests) {
    return requests.stream().map(r -> imageId(r.body())).collect(Collectors.toSet());
  }

  private static Set<String> ids(String prefix, int n) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + "-" + i);
    }
    return out;
  }

  private static Set<String> ids(String prefix, int n, String extra) {
    Set<String> out = ids(prefix, n);
    out.add(extra);
    return out;
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    Awaitility.await(what)
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  /**
   * Every request is signed with its endpoint's secret over the exact body, carries JSON, and one
   * idempotency key per alert: repeats of an alert carry the same key, different alerts different
   * keys.
   */
  private static void assertSignedWithOneKeyPerAlert(
      List<TestReceiver.Request> requests, WebhookEndpoint endpoint, Map<String, byte[]> sent) {
    WebhookSigner signer = new WebhookSigner(endpoint.secret());
    Map<String, Set<String>> keysById = new HashMap<>();
    Map<String, Set<String>> idsByKey = new HashMap<>();
    for (TestReceiver.Request r : requests) {
      assertThat(
              signer.verify(
                  r.body(), r.signature(), Instant.now(), WebhookSigner.DEFAULT_TOLERANCE))
          .as("signature of %s at %s", imageId(r.body()), endpoint.name())
          .isTrue();
      assertThat(r.signature()).matches("t=[0-9]+,v1=[0-9a-f]{64}");
      assertThat(r.contentType()).isEqualTo("application/json");
      String id = imageId(r.body());
      assertThat(r.body()).as("body of " + id).isEqualTo(sent.get(id));
      keysById.computeIfAbsent(id, k -> new HashSet<>()).add(r.idempotencyKey());
      idsByKey.computeIfAbsent(r.idempotencyKey(), k -> new HashSet<>()).add(id);
    }
    keysById.forEach((id, keys) -> assertThat(keys).as("keys of " + id).hasSize(1));
    idsByKey.forEach((key, ids) -> assertThat(ids).as("alerts with key " + key).hasSize(1));
  }

  private static Map<String, byte[]> bodies(List<ProducerRecord<byte[], byte[]>> alerts) {
    Map<String, byte[]> out = new HashMap<>();
    alerts.forEach(r -> out.put(imageId(r.value()), r.value()));
    return out;
  }

  /** Committed offsets of a group against the ends of a topic. */
  private static void assertCommittedToTheEnd(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      ends.forEach(
          (tp, end) -> {
            long at = committed.containsKey(tp) ? committed.get(tp).offset() : 0;
            assertThat(at).as("committed offset of %s in %s", tp, group).isEqualTo(end.offset());
          });
    }
  }

  @Test
  void shouldDeliverEveryAlertToEveryEndpointAfterAThirtySecondOutage() throws Exception {
    TestTopics topics = topics("outage");
    try (TestReceiver down = TestReceiver.onFreePort();
        TestReceiver up = TestReceiver.onFreePort().up()) {
      WebhookEndpoint ops = endpoint("ops", down, Duration.ofSeconds(2));
      WebhookEndpoint audit = endpoint("audit", up, Duration.ofSeconds(2));
      WebhookOptions options =
          options(
              topics,
              "outage",
              List.of(ops, audit),
              new RetryPolicy(10_000, Duration.ofMillis(100), Duration.ofSeconds(1)),
              new BreakerPolicy(3, Duration.ofSeconds(5), 1));
      List<ProducerRecord<byte[], byte[]>> before = alerts(topics.alerts(), "early", 10);
      List<ProducerRecord<byte[], byte[]>> during = alerts(topics.alerts(), "late", 10);
      Map<String, byte[]> sent = bodies(before);
      sent.putAll(bodies(during));
      Set<String> all = new HashSet<>(sent.keySet());
      client.produce(before);

      WebhookDispatcher dispatcher = new WebhookDispatcher(options, DeliveryMetrics.NONE);
      long start = System.nanoTime();
      dispatcher.start();
      try {
        Thread.sleep(10_000);
        // Alerts keep coming while the ops receiver is down.
        client.produce(during);
        await(() -> up.acceptedKeys().size() == 20, WAIT, "20 alerts at the audit endpoint");
        // The endpoint that is up is not held back by the one that is down.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(ids(up.accepted())).isEqualTo(all);

        long outage = Duration.ofSeconds(30).toNanos() - (System.nanoTime() - start);
        Thread.sleep(Math.max(0, outage / 1_000_000));
        WebhookStats duringOutage = dispatcher.stats().get("ops");
        assertThat(duringOutage.delivered()).isZero();
        assertThat(duringOutage.breakerOpens()).isPositive();
        // The open circuit spares the receiver: about one probe per 5 s cool-down, not one
        // request per second per back-off.
        assertThat(duringOutage.failedAttempts()).isBetween(3L, 3L + 30 / 5 + 2);
        assertThat(dispatcher.breakerState("ops")).isNotEqualTo(CircuitBreaker.State.CLOSED);

        // Back up, but the first request of each alert fails once more: repeats reach it.
        down.respond((key, seenBefore) -> seenBefore == 0 ? 503 : 200);
        down.up();
        await(() -> down.acceptedKeys().size() == 20, WAIT, "20 alerts at the ops endpoint");
      } finally {
        assertThat(dispatcher.stop(Duration.ofSeconds(10))).isTrue();
      }

      assertThat(ids(down.accepted())).isEqualTo(all);
      assertThat(down.accepted()).hasSize(20);
      assertThat(down.requests()).hasSize(40);
      assertThat(down.requests().stream().map(TestReceiver.Request::attempt)).allMatch(a -> a >= 1);
      assertSignedWithOneKeyPerAlert(down.requests(), ops, sent);
      assertSignedWithOneKeyPerAlert(up.requests(), audit, sent);
      Set<String> opsKeys =
          down.requests().stream()
              .map(TestReceiver.Request::idempotencyKey)
              .collect(Collectors.toSet());
      Set<String> auditKeys =
          up.requests().stream()
              .map(TestReceiver.Request::idempotencyKey)
              .collect(Collectors.toSet());
      assertThat(opsKeys).hasSize(20).doesNotContainAnyElementsOf(auditKeys);
      // Neither the signature of another endpoint's secret verifies.
      WebhookSigner auditSigner = new WebhookSigner(audit.secret());
      assertThat(
              down.requests().stream()
                  .noneMatch(
                      r ->
                          auditSigner.verify(
                              r.body(),
                              r.signature(),
                              Instant.now(),
                              WebhookSigner.DEFAULT_TOLERANCE)))
          .isTrue();

      assertThat(dispatcher.stats().get("ops").delivered()).isEqualTo(20);
      assertThat(dispatcher.stats().get("audit").delivered()).isEqualTo(20);
      assertCommittedToTheEnd(options.groupId(ops), topics.alerts());
      assertCommittedToTheEnd(options.groupId(audit), topics.alerts());
      assertThat(client.readAll(topics.dlq(), true, l -> true, Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void shouldLoseNoAlertWhenTheDispatcherIsKilledMidDeliveryAndRestarted() throws Exception {
    TestTopics topics = topics("restart");
    try (TestReceiver receiver = TestReceiver.onFreePort().up()) {
      WebhookEndpoint ops = endpoint("ops", receiver, Duration.ofSeconds(5));
      WebhookOptions options =
          options(
              topics,
              "restart",
              List.of(ops),
              new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1)),
              new BreakerPolicy(5, Duration.ofSeconds(5), 1));
      List<ProducerRecord<byte[], byte[]>> alerts = alerts(topics.alerts(), "img", 20);
      client.produce(alerts);
      // Each answer takes 300 ms; the test kills the dispatcher while the 8th request waits.
      receiver.delay(300);
      CountDownLatch eighth = new CountDownLatch(1);
      receiver.onArrival(
          n -> {
            if (n == 8) {
              eighth.countDown();
            }
          });

      WebhookDispatcher first = new WebhookDispatcher(options, DeliveryMetrics.NONE);
      first.start();
      assertThat(eighth.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(first.halt(Duration.ofSeconds(10))).isTrue();
      long deliveredBeforeCrash = first.stats().get("ops").delivered();
      assertThat(deliveredBeforeCrash).isLessThan(8);

      receiver.delay(0);
      WebhookDispatcher second = new WebhookDispatcher(options, DeliveryMetrics.NONE);
      second.start();
      try {
        await(() -> receiver.acceptedKeys().size() == 20, WAIT, "20 alerts after the restart");
      } finally {
        assertThat(second.stop(Duration.ofSeconds(10))).isTrue();
      }

      List<TestReceiver.Request> requests = receiver.requests();
      assertThat(ids(requests)).isEqualTo(ids("img", 20));
      assertSignedWithOneKeyPerAlert(requests, ops, bodies(alerts));
      // The alert in flight at the crash was sent again, with the same key.
      Map<String, Long> perKey =
          requests.stream()
              .collect(
                  Collectors.groupingBy(
                      TestReceiver.Request::idempotencyKey, Collectors.counting()));
      assertThat(perKey.values()).anyMatch(c -> c > 1);
      assertThat(deliveredBeforeCrash + second.stats().get("ops").delivered()).isEqualTo(20);
      assertCommittedToTheEnd(options.groupId(ops), topics.alerts());
    }
  }

  @Test
  void shouldDeadLetterAnAlertOnceTheRetryBudgetIsSpentAndMoveOn() throws Exception {
    TestTopics topics = topics("budget");
    try (TestReceiver failing = TestReceiver.onFreePort().up();
        TestReceiver slow = TestReceiver.onFreePort().up()) {
      failing.respond((key, seenBefore) -> 500);
      slow.delay(1_000);
      WebhookEndpoint ops = endpoint("ops", failing, Duration.ofSeconds(5));
      WebhookEndpoint pager = endpoint("pager", slow, Duration.ofMillis(200));
      WebhookOptions options =
          options(
              topics,
              "budget",
              List.of(ops, pager),
              new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)),
              new BreakerPolicy(100, Duration.ofSeconds(5), 1));
      List<ProducerRecord<byte[], byte[]>> bad = alerts(topics.alerts(), "bad", 3);
      client.produce(bad);

      WebhookDispatcher dispatcher = new WebhookDispatcher(options, DeliveryMetrics.NONE);
      dispatcher.start();
      List<ConsumerRecord<byte[], byte[]>> dlq;
      try {
        dlq = client.readAtLeast(topics.dlq(), false, 6, WAIT);
        // The receivers recover: the next alert is delivered, the dead-lettered ones are not
        // retried.
        failing.respond((key, seenBefore) -> 200);
        slow.delay(0);
        client.produce(alerts(topics.alerts(), "good", 1));
        await(
            () ->
                dispatcher.stats().get("ops").delivered() == 1
                    && dispatcher.stats().get("pager").delivered() == 1,
            WAIT,
            "the next alert at both endpoints");
      } finally {
        assertThat(dispatcher.stop(Duration.ofSeconds(10))).isTrue();
      }

      assertThat(dlq).hasSize(6);
      Map<String, byte[]> sent = bodies(bad);
      for (ConsumerRecord<byte[], byte[]> r : dlq) {
        String endpoint = header(r, AlertDeadLetters.ENDPOINT);
        String id = header(r, "image-id");
        assertThat(r.value()).isEqualTo(sent.get(id));
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("line-a");
        assertThat(header(r, AlertDeadLetters.ATTEMPTS)).isEqualTo("3");
        assertThat(header(r, DeadLetters.SOURCE_TOPIC)).isEqualTo(topics.alerts());
        assertThat(Long.parseLong(header(r, DeadLetters.SOURCE_OFFSET))).isNotNegative();
        assertThat(Instant.parse(header(r, DeadLetters.FAILED_AT))).isBefore(Instant.now());
        TestReceiver receiver = endpoint.equals("ops") ? failing : slow;
        String url = header(r, AlertDeadLetters.URL);
        assertThat(url).startsWith("http://127.0.0.1:").endsWith("/hooks/flowspect");
        assertThat(url).doesNotContain("token");
        String key = header(r, AlertDeadLetters.IDEMPOTENCY_KEY);
        List<TestReceiver.Request> tries =
            receiver.requests().stream().filter(q -> key.equals(q.idempotencyKey())).toList();
        assertThat(tries).hasSize(3);
        assertThat(tries.stream().map(TestReceiver.Request::attempt).sorted())
            .containsExactly(1, 2, 3);
        assertThat(tries.stream().map(q -> imageId(q.body()))).containsOnly(id);
        if (endpoint.equals("ops")) {
          assertThat(header(r, DeadLetters.ERROR_REASON)).isEqualTo("HTTP_ERROR");
          assertThat(header(r, AlertDeadLetters.STATUS)).isEqualTo("500");
          assertThat(header(r, DeadLetters.ERROR_MESSAGE))
              .isEqualTo("HTTP 500 from webhook ops after 3 attempts");
        } else {
          assertThat(endpoint).isEqualTo("pager");
          assertThat(header(r, DeadLetters.ERROR_REASON)).isEqualTo("TIMEOUT");
          assertThat(header(r, AlertDeadLetters.STATUS)).isNull();
        }
      }
      Map<String, Set<String>> idsByEndpoint =
          dlq.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> header(r, AlertDeadLetters.ENDPOINT),
                      Collectors.mapping(r -> header(r, "image-id"), Collectors.toSet())));
      assertThat(idsByEndpoint).containsOnlyKeys("ops", "pager");
      assertThat(idsByEndpoint.get("ops")).isEqualTo(ids("bad", 3));
      assertThat(idsByEndpoint.get("pager")).isEqualTo(ids("bad", 3));

      assertThat(ids(failing.accepted())).containsExactly("good-0");
      // The slow receiver got three requests per bad alert (it answered after the client had
      // given up) and one for the good alert.
      assertThat(slow.requests()).hasSize(3 * 3 + 1);
      assertThat(ids(slow.requests())).isEqualTo(ids("bad", 3, "good-0"));
      assertThat(failing.requests()).hasSize(3 * 3 + 1);
      WebhookStats stats = dispatcher.stats().get("ops");
      assertThat(stats.deadLettered()).isEqualTo(3);
      assertThat(stats.delivered()).isEqualTo(1);
      assertThat(stats.failedAttempts()).isEqualTo(9);
      assertThat(dispatcher.stats().get("pager").deadLettered()).isEqualTo(3);
      assertCommittedToTheEnd(options.groupId(ops), topics.alerts());
      assertCommittedToTheEnd(options.groupId(pager), topics.alerts());
    }
  }
}
