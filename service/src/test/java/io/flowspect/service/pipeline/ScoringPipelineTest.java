package io.flowspect.service.pipeline;

import static io.flowspect.service.support.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.output.DeadLetters;
import io.flowspect.service.output.OutputJson;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.QuietKafkaLogs;
import io.flowspect.service.support.TestBundles;
import io.flowspect.service.support.TestImages;
import io.flowspect.service.support.TestPipelines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scoring pipeline against a real in-process Kafka broker and the real test bundles: exactly
 * one score per good image and one dead letter per bad input for read_committed readers, alerts
 * exactly for anomalous decisions, across a crash and a graceful stop.
 */
class ScoringPipelineTest {

  private static final String LINE_A = "line-a";
  private static final String LINE_B = "line-b";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static EmbeddedKafka kafka;
  private static ModelRouter router;
  private static KafkaTestClient client;

  @BeforeAll
  static void startBrokerAndModels() {
    assumeTrue(TestImages.available(), "Fashion-MNIST test images are not installed");
    QuietKafkaLogs.apply();
    kafka = EmbeddedKafka.start();
    client = new KafkaTestClient(kafka.bootstrapServers());
    // line-b has a bundle of its own; every other line uses the default.
    router =
        ModelRouter.open(
            new Routes(Optional.of(TestBundles.made()), Map.of(LINE_B, TestBundles.nice())),
            new OnnxOptions(ExecutionProvider.CPU, 1, 1),
            64);
  }

  @AfterAll
  static void stop() {
    if (router != null) {
      router.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Topics of one test, so that tests do not see each other's records. */
  private static Topics topics(String name) {
    Topics t = new Topics(name + ".images", name + ".scores", name + ".alerts", name + ".dlq");
    TopicAdmin.ensure(
        kafka.bootstrapServers(), t.all(), 2, (short) 1, Map.of(), Duration.ofSeconds(30));
    return t;
  }

  private static PipelineOptions options(Topics topics, String name) {
    return TestPipelines.exactlyOnce(kafka.bootstrapServers(), topics, name, 64, Map.of());
  }

  private static ScoringPipeline pipeline(PipelineOptions options) {
    return TestPipelines.pipeline(options, router);
  }

  private static ProducerRecord<byte[], byte[]> input(
      String topic, String line, String id, byte[] value, Map<String, String> headers) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    Map<String, String> all = new HashMap<>(headers);
    all.putIfAbsent(ImageHeaders.CONTENT_TYPE, "image/png");
    all.putIfAbsent(ImageHeaders.CAPTURED_AT, Long.toString(System.currentTimeMillis()));
    all.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(topic, null, line.getBytes(StandardCharsets.UTF_8), value, h);
  }

  /** Good images {@code img-<from>...}, every fourth on line-b. */
  private static List<ProducerRecord<byte[], byte[]>> goodImages(
      String topic, int from, int count) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    List<byte[]> pngs = TestImages.fashionMnistPngs(from, count);
    for (int i = 0; i < count; i++) {
      int index = from + i;
      out.add(
          input(topic, index % 4 == 3 ? LINE_B : LINE_A, "img-" + index, pngs.get(i), Map.of()));
    }
    return out;
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    try {
      return OutputJson.mapper().readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> ids(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> json(r).get("image_id").asText()).toList();
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    Awaitility.await(what)
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  /**
   * Bad input at scale: 10,000 corrupt records of every kind (seeded variations) shuffled among
   * 1,000 good images. Every corrupt one is a dead letter with a reason it may have, every good one
   * is scored once, and the pipeline never restarts.
   */
  @Test
  void tenThousandCorruptRecordsAmongGoodOnesAreDeadLetteredWithTheirReason() {
    Topics topics = topics("scale");
    List<ProducerRecord<byte[], byte[]>> good = goodImages(topics.images(), 5000, 1000);
    List<TestImages.Input> bad = TestImages.corruptAtScale(good.get(0).value(), 10_000, 11);
    Map<String, TestImages.Input> badById = new HashMap<>();
    List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>(good);
    for (TestImages.Input b : bad) {
      badById.put(b.id(), b);
      Map<String, String> headers = new HashMap<>(b.headers());
      headers.put("test-id", b.id());
      headers.putIfAbsent(ImageHeaders.IMAGE_ID, b.id());
      inputs.add(input(topics.images(), LINE_A, b.id(), b.value(), headers));
    }
    java.util.Collections.shuffle(inputs, new java.util.Random(3));
    client.produce(inputs);

    ScoringPipeline pipeline = pipeline(options(topics, "scale"));
    pipeline.start();
    List<ConsumerRecord<byte[], byte[]>> scores;
    List<ConsumerRecord<byte[], byte[]>> dlq;
    try {
      dlq = client.readAtLeast(topics.dlq(), true, 10_000, Duration.ofSeconds(240));
      scores = client.readAtLeast(topics.scores(), true, 1000, Duration.ofSeconds(240));
      await(
          () -> pipeline.stats().scored() + pipeline.stats().deadLetters() == 11_000,
          Duration.ofSeconds(60),
          "11000");
      assertThat(pipeline.stats().restarts()).as("the loop never restarted").isZero();
    } finally {
      assertThat(pipeline.stop(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(dlq).hasSize(10_000);
    Map<String, Integer> reasons = new java.util.TreeMap<>();
    Set<String> deadIds = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      String id = header(r, "test-id");
      TestImages.Input b = badById.get(id);
      assertThat(b).as("dead letter of an unknown input").isNotNull();
      assertThat(deadIds.add(id)).as("one dead letter for " + id).isTrue();
      String reason = header(r, DeadLetters.ERROR_REASON);
      assertThat(b.expected())
          .as(id + ": " + header(r, DeadLetters.ERROR_MESSAGE))
          .contains(DlqReason.valueOf(reason));
      assertThat(header(r, DeadLetters.ERROR_MESSAGE)).isNotBlank();
      reasons.merge(reason, 1, Integer::sum);
    }
    assertThat(ids(scores))
        .hasSize(1000)
        .doesNotHaveDuplicates()
        .allMatch(s -> s.startsWith("img-"));
    System.out.println("10,000 corrupt records, dead letters by reason: " + reasons);
  }

  @Test
  void shouldScoreEveryGoodImageOnceAndDeadLetterEveryBadOne() throws Exception {
    Topics topics = topics("accept");
    List<ProducerRecord<byte[], byte[]>> inputs = goodImages(topics.images(), 2000, 1980);
    List<TestImages.Input> bad = TestImages.corrupt(inputs.get(0).value());
    Map<String, TestImages.Input> badById = new HashMap<>();
    for (int i = 0; i < bad.size(); i++) {
      TestImages.Input b = bad.get(i);
      badById.put(b.id(), b);
      // Spread the bad inputs through the stream: one every 99 images.
      inputs.add(i * 99 + 50, input(topics.images(), LINE_A, b.id(), b.value(), b.headers()));
    }
    assertThat(inputs).hasSize(2000);
    client.produce(inputs);

    ScoringPipeline pipeline = pipeline(options(topics, "accept"));
    pipeline.start();
    List<ConsumerRecord<byte[], byte[]>> scores;
    List<ConsumerRecord<byte[], byte[]>> dlq;
    try {
      scores = client.readAtLeast(topics.scores(), true, 1980, WAIT);
      dlq = client.readAtLeast(topics.dlq(), true, 20, WAIT);
      await(() -> pipeline.stats().scored() + pipeline.stats().deadLetters() == 2000, WAIT, "2000");
    } finally {
      assertThat(pipeline.stop(Duration.ofSeconds(10))).isTrue();
    }

    // Exactly one score record per good image.
    List<String> scoredIds = ids(scores);
    assertThat(scoredIds).hasSize(1980).doesNotHaveDuplicates();
    Set<String> goodIds =
        inputs.stream()
            .map(
                r -> new String(r.headers().lastHeader("image-id").value(), StandardCharsets.UTF_8))
            .filter(id -> id.startsWith("img-"))
            .collect(Collectors.toSet());
    assertThat(new HashSet<>(scoredIds)).isEqualTo(goodIds);
    Set<String> anomalous = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : scores) {
      JsonNode s = json(r);
      String line = new String(r.key(), StandardCharsets.UTF_8);
      assertThat(s.get("line").asText()).isEqualTo(line);
      assertThat(s.at("/model/id").asText())
          .isEqualTo(line.equals(LINE_B) ? "fmnist-nice-tiny" : "fmnist-made-tiny");
      assertThat(s.at("/model/version").asText()).isEqualTo("0.1.0-test");
      assertThat(s.get("score_name").asText()).isEqualTo("complexity");
      assertThat(s.get("scores").fieldNames())
          .toIterable()
          .contains("log_px", "bpd", "complexity", "typicality");
      double p = s.get("p_value").asDouble();
      assertThat(p).isGreaterThan(0).isLessThanOrEqualTo(1);
      boolean anomaly = s.get("anomaly").asBoolean();
      assertThat(anomaly).isEqualTo(s.get("score").asDouble() > s.get("threshold").asDouble());
      if (anomaly) {
        anomalous.add(s.get("image_id").asText());
      }
      assertThat(s.get("batch_size").asInt()).isBetween(1, 64);
      assertThat(s.at("/latency_ms/inference").asDouble()).isGreaterThan(0);
      assertThat(s.at("/latency_ms/end_to_end").asDouble()).isGreaterThan(0);
      assertThat(s.at("/source/topic").asText()).isEqualTo(topics.images());
      assertThat(header(r, ImageHeaders.IMAGE_ID)).isEqualTo(s.get("image_id").asText());
    }

    // Exactly one dead letter per bad input: original key and bytes, reason and source in headers.
    assertThat(dlq).hasSize(20);
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      TestImages.Input b = badById.get(header(r, ImageHeaders.IMAGE_ID));
      assertThat(b).as("dead letter of an unknown input").isNotNull();
      String reason = header(r, DeadLetters.ERROR_REASON);
      assertThat(b.expected()).as(b.id() + " " + reason).contains(DlqReason.valueOf(reason));
      assertThat(header(r, DeadLetters.ERROR_MESSAGE)).startsWith(b.id() + ": ");
      assertThat(r.value()).isEqualTo(b.value());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(LINE_A);
      assertThat(header(r, DeadLetters.SOURCE_TOPIC)).isEqualTo(topics.images());
      assertThat(Integer.parseInt(header(r, DeadLetters.SOURCE_PARTITION))).isBetween(0, 1);
      assertThat(Long.parseLong(header(r, DeadLetters.SOURCE_OFFSET))).isNotNegative();
      assertThat(Instant.parse(header(r, DeadLetters.FAILED_AT))).isBefore(Instant.now());
    }
    assertThat(KafkaTestClient.headerValues(dlq, ImageHeaders.IMAGE_ID))
        .isEqualTo(badById.keySet());

    // Alerts exactly for the anomalous decisions (alpha 0.02: a few dozen of 1,980).
    assertThat(anomalous).hasSizeGreaterThan(5);
    List<ConsumerRecord<byte[], byte[]>> alerts =
        client.readAtLeast(topics.alerts(), true, anomalous.size(), WAIT);
    assertThat(ids(alerts)).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids(alerts))).isEqualTo(anomalous);
    int flowAlerts = 0;
    for (ConsumerRecord<byte[], byte[]> r : alerts) {
      JsonNode a = json(r);
      assertThat(a.get("score").asDouble()).isGreaterThan(a.get("threshold").asDouble());
      JsonNode explanation = a.get("explanation");
      // MADE explains by its per-pixel NLL, the NICE flow by its latent energy in 2 x 2 cells.
      boolean flow = a.at("/model/id").asText().equals("fmnist-nice-tiny");
      flowAlerts += flow ? 1 : 0;
      assertThat(explanation.get("method").asText()).isEqualTo(flow ? "flow_energy" : "pixel_nll");
      assertThat(explanation.get("unit").asText()).isEqualTo("nats");
      assertThat(explanation.get("hottest")).hasSize(10);
      for (JsonNode hot : explanation.get("hottest")) {
        assertThat(hot.get("x").asInt()).isBetween(0, 27);
        assertThat(hot.get("y").asInt()).isBetween(0, 27);
        if (flow) {
          assertThat(hot.get("x").asInt() % 2).isZero();
          assertThat(hot.get("y").asInt() % 2).isZero();
        }
      }
      assertThat(explanation.at("/hottest/0/value").asDouble())
          .isGreaterThanOrEqualTo(explanation.at("/hottest/9/value").asDouble());
      byte[] png = Base64.getDecoder().decode(explanation.get("heatmap_png").asText());
      var picture = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(picture.getHeight()).isEqualTo(28 * 4);
    }
    assertThat(flowAlerts).as("alerts from the flow on " + LINE_B).isPositive();
    PipelineStats stats = pipeline.stats();
    assertThat(stats.scored()).isEqualTo(1980);
    assertThat(stats.deadLetters()).isEqualTo(20);
    assertThat(stats.alerts()).isEqualTo(anomalous.size());
    assertThat(stats.restarts()).isZero();
  }

  @Test
  void shouldScoreEachImageOnceWhenKilledMidStreamAndRestarted() throws Exception {
    Topics topics = topics("crash");
    int n = 1000;
    client.produce(goodImages(topics.images(), 0, n));
    PipelineOptions options = options(topics, "crash").withBatching(32, Duration.ofMillis(50));

    ScoringPipeline first = pipeline(options);
    first.start();
    await(() -> first.stats().batches() >= 4, WAIT, "four committed batches");
    // Dies after sending a batch's outputs, before committing them with the offsets.
    assertThat(first.halt(Duration.ofSeconds(10))).isTrue();
    long committedBeforeCrash = first.stats().scored();
    assertThat(committedBeforeCrash).isLessThan(n);
    // The killed batch's outputs are in the log, uncommitted: read_uncommitted sees more.
    List<ConsumerRecord<byte[], byte[]>> dirty =
        client.readAll(topics.scores(), false, l -> true, Duration.ZERO);
    assertThat((long) dirty.size()).isGreaterThan(committedBeforeCrash);

    ScoringPipeline second = pipeline(options);
    second.start();
    List<ConsumerRecord<byte[], byte[]>> scores;
    try {
      scores = client.readAtLeast(topics.scores(), true, n, WAIT);
    } finally {
      assertThat(second.stop(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(ids(scores)).hasSize(n).doesNotHaveDuplicates();
    assertThat(committedBeforeCrash + second.stats().scored()).isEqualTo(n);
    // The aborted batch is still in the log, invisible to read_committed readers.
    assertThat(client.readAll(topics.scores(), false, l -> true, Duration.ZERO).size())
        .isGreaterThan(n);
  }

  /** Members of a consumer group that have partitions assigned. */
  private static long membersWithPartitions(String group) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
          .filter(m -> !m.assignment().topicPartitions().isEmpty())
          .count();
    } catch (ExecutionException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  @Test
  void shouldScoreEachImageOnceWhenASecondInstanceJoinsMidStream() throws Exception {
    Topics topics = topics("rebalance");
    int n = 3000;
    int late = 1000;
    client.produce(goodImages(topics.images(), 0, n - late));
    PipelineOptions base = options(topics, "rebalance").withBatching(32, Duration.ofMillis(50));
    PipelineOptions other =
        new PipelineOptions(
            base.bootstrapServers(),
            topics,
            base.delivery(),
            base.maxRecords(),
            base.maxWait(),
            base.groupId(),
            "rebalance-instance-2",
            base.dlqMaxValueBytes(),
            Map.of(),
            Map.of());

    ScoringPipeline first = pipeline(base);
    first.start();
    await(() -> first.stats().batches() >= 3, WAIT, "three committed batches");
    // The join revokes partitions from the first instance while it scores a batch and commits
    // another: both must end up committed exactly once, by one instance or the other.
    ScoringPipeline second = pipeline(other);
    second.start();
    List<ConsumerRecord<byte[], byte[]>> scores;
    try {
      // Images that arrive once both own partitions: some land on the second instance's.
      await(
          () -> membersWithPartitions(base.groupId()) == 2,
          WAIT,
          "both instances in the group, each with partitions");
      client.produce(goodImages(topics.images(), n - late, late));
      scores = client.readAtLeast(topics.scores(), true, n, WAIT);
    } finally {
      assertThat(first.stop(Duration.ofSeconds(10))).isTrue();
      assertThat(second.stop(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(ids(scores)).hasSize(n).doesNotHaveDuplicates();
    assertThat(first.stats().scored() + second.stats().scored()).isEqualTo(n);
    assertThat(second.stats().scored()).isPositive();
  }

  @Test
  void shouldFinishAndCommitTheBatchInFlightOnStop() throws Exception {
    Topics topics = topics("stop");
    int n = 600;
    client.produce(goodImages(topics.images(), 0, n));
    PipelineOptions options = options(topics, "stop").withBatching(32, Duration.ofMillis(50));

    ScoringPipeline first = pipeline(options);
    first.start();
    await(() -> first.stats().batches() >= 3, WAIT, "three committed batches");
    long start = System.nanoTime();
    assertThat(first.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

    // Everything sent was committed: committed and uncommitted readers see the same records.
    long committed = first.stats().scored();
    assertThat(client.readAll(topics.scores(), true, l -> true, Duration.ZERO))
        .hasSize((int) committed);
    assertThat(client.readAll(topics.scores(), false, l -> true, Duration.ZERO))
        .hasSize((int) committed);

    ScoringPipeline second = pipeline(options);
    second.start();
    try {
      assertThat(ids(client.readAtLeast(topics.scores(), true, n, WAIT)))
          .hasSize(n)
          .doesNotHaveDuplicates();
    } finally {
      assertThat(second.stop(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void shouldDeliverEveryImageAtLeastOnceWithoutTransactions() throws Exception {
    Topics topics = topics("alo");
    int n = 200;
    client.produce(goodImages(topics.images(), 0, n));

    ScoringPipeline pipeline =
        pipeline(options(topics, "alo").withDelivery(Delivery.AT_LEAST_ONCE));
    pipeline.start();
    List<ConsumerRecord<byte[], byte[]>> scores;
    try {
      scores = client.readAtLeast(topics.scores(), false, n, WAIT);
    } finally {
      assertThat(pipeline.stop(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(new HashSet<>(ids(scores))).hasSize(n);
    assertThat(pipeline.stats().scored()).isEqualTo(n);
  }
}
