package io.flowspect.service.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.demo.DemoSamples;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.pipeline.BatchScorer;
import io.flowspect.service.pipeline.Delivery;
import io.flowspect.service.pipeline.PipelineOptions;
import io.flowspect.service.pipeline.ScoringPipeline;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import io.flowspect.service.support.TestBundles;
import io.flowspect.service.support.TestImages;
import io.flowspect.service.webhook.BreakerPolicy;
import io.flowspect.service.webhook.DeliveryMetrics;
import io.flowspect.service.webhook.RetryPolicy;
import io.flowspect.service.webhook.StartFrom;
import io.flowspect.service.webhook.WebhookDispatcher;
import io.flowspect.service.webhook.WebhookEndpoint;
import io.flowspect.service.webhook.WebhookOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM triggers ({@link GracefulShutdown}), against a real in-process broker, a real
 * scoring pipeline in the middle of a backlog and a real webhook dispatcher whose receiver is slow
 * to answer: everything finishes and commits within the 10 s shutdown timeout.
 */
class ServiceShutdownTest {

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** How long the receiver takes to answer: the request is still in flight when the stop begins. */
  private static final long RECEIVER_DELAY_MILLIS = 3_000;

  private static EmbeddedKafka kafka;
  private static ModelRouter router;
  private static KafkaTestClient client;
  private static HttpServer receiver;
  private static final AtomicInteger answered = new AtomicInteger();
  private static final CountDownLatch firstRequest = new CountDownLatch(1);

  @BeforeAll
  static void start() throws IOException {
    QuietKafkaLogs.apply();
    kafka = EmbeddedKafka.start();
    client = new KafkaTestClient(kafka.bootstrapServers());
    router =
        ModelRouter.open(
            Routes.defaultOnly(TestBundles.made()),
            new OnnxOptions(ExecutionProvider.CPU, 1, 1),
            32);
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    receiver.setExecutor(Executors.newFixedThreadPool(2));
    receiver.createContext(
        "/hooks",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          firstRequest.countDown();
          try {
            Thread.sleep(RECEIVER_DELAY_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
          answered.incrementAndGet();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (router != null) {
      router.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    Awaitility.await(what)
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  private static List<ProducerRecord<byte[], byte[]>> images(String topic, int n) {
    DemoSamples samples = DemoSamples.bundled();
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] png = TestImages.grayPng(samples.fashionPixels(i % samples.fashion().count()), 28, 28);
      RecordHeaders h = new RecordHeaders();
      h.add(ImageHeaders.IMAGE_ID, ("img-" + i).getBytes(StandardCharsets.UTF_8));
      h.add(
          ImageHeaders.CAPTURED_AT,
          Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
      out.add(new ProducerRecord<>(topic, null, "line-a".getBytes(StandardCharsets.UTF_8), png, h));
    }
    return out;
  }

  @Test
  void shouldCommitTheBatchAndTheWebhookRequestInFlightWithinTheShutdownTimeout() throws Exception {
    Topics topics =
        new Topics("shutdown.images", "shutdown.scores", "shutdown.alerts", "shutdown.dlq");
    String webhookAlerts = "shutdown.webhook.alerts";
    List<String> all = new ArrayList<>(topics.all());
    all.add(webhookAlerts);
    all.add(webhookAlerts + ".dlq");
    TopicAdmin.ensure(
        kafka.bootstrapServers(), all, 1, (short) 1, Map.of(), Duration.ofSeconds(30));

    // A backlog the pipeline is busy with when the stop comes.
    client.produce(images(topics.images(), 3000));
    PipelineOptions options =
        new PipelineOptions(
            kafka.bootstrapServers(),
            topics,
            Delivery.EXACTLY_ONCE,
            32,
            Duration.ofMillis(50),
            "shutdown-group",
            "shutdown-instance",
            1_000_000,
            Map.of(),
            Map.of());
    ScoringPipeline pipeline =
        new ScoringPipeline(
            options,
            new BatchScorer(
                topics,
                new ImageIntake(ImageLimits.defaults()),
                router,
                ExplainOptions.defaults(),
                options.dlqMaxValueBytes(),
                Clock.systemUTC()));

    // Two alerts for a receiver that takes 3 s to answer each.
    client.produce(
        List.of(
            new ProducerRecord<>(
                webhookAlerts,
                "{\"image_id\":\"a-1\",\"source\":{\"topic\":\"t\",\"partition\":0,\"offset\":1}}"
                    .getBytes(StandardCharsets.UTF_8)),
            new ProducerRecord<>(
                webhookAlerts,
                "{\"image_id\":\"a-2\",\"source\":{\"topic\":\"t\",\"partition\":0,\"offset\":2}}"
                    .getBytes(StandardCharsets.UTF_8))));
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            "slow",
            URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks"),
            "secret-of-slow",
            Duration.ofSeconds(8));
    WebhookOptions webhookOptions =
        new WebhookOptions(
            kafka.bootstrapServers(),
            webhookAlerts,
            webhookAlerts + ".dlq",
            List.of(endpoint),
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
            new BreakerPolicy(5, Duration.ofSeconds(30), 1),
            "shutdown-webhook",
            "shutdown-instance",
            StartFrom.EARLIEST,
            Map.of(),
            Map.of());
    WebhookDispatcher dispatcher = new WebhookDispatcher(webhookOptions, DeliveryMetrics.NONE);

    pipeline.start();
    dispatcher.start();
    await(() -> pipeline.stats().batches() >= 3, "three committed batches");
    assertThat(firstRequest.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    boolean stopped =
        GracefulShutdown.stopAll(
            List.of(
                Stoppable.of("scoring pipeline", pipeline::stop),
                Stoppable.of("webhook dispatcher", dispatcher::stop)),
            SHUTDOWN_TIMEOUT);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(stopped).isTrue();
    assertThat(took).isLessThan(SHUTDOWN_TIMEOUT);
    assertThat(pipeline.isAlive()).isFalse();
    assertThat(dispatcher.isAlive()).isFalse();

    // The pipeline left no batch half-done: what it sent is what it committed.
    assertThat(pipeline.stats().scored()).isGreaterThanOrEqualTo(96);
    assertThat(client.readAll(topics.scores(), true, l -> true, Duration.ZERO))
        .hasSize((int) pipeline.stats().scored());
    assertThat(client.readAll(topics.scores(), false, l -> true, Duration.ZERO))
        .hasSize((int) pipeline.stats().scored());

    // The request in flight was answered and its alert committed: only the second one is left
    // for the next start.
    assertThat(answered.get()).isEqualTo(1);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(webhookOptions.groupId(endpoint))
              .partitionsToOffsetAndMetadata()
              .get();
      assertThat(offsets.get(new TopicPartition(webhookAlerts, 0)).offset()).isEqualTo(1);
    }
  }
}
