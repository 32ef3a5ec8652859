package io.flowspect.service.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.support.KafkaTestClient;
import io.flowspect.service.support.PrometheusText;
import io.flowspect.service.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The running service against what the operations files expect of it: every metric a dashboard
 * panel or an alerting rule queries is exported (no dead panels, no rules that can never fire), and
 * every health path a probe or health check calls is served.
 *
 * <p>The application runs with a webhook endpoint (a sink answering 204), as a deployment with
 * alerts going somewhere does, so that the delivery counter exists.
 */
@QuarkusTest
@TestProfile(WebhookSinkResource.Profile.class)
class DeploymentContractTest {

  /** Labels Prometheus adds to every scraped series. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  private static final String LINE = "ops-line";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern LABEL_NAME = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
  private static final Pattern HEALTH_URL =
      Pattern.compile("http://localhost:(\\d+)(/q/health[^\\s\"'>]*)");

  @Inject KafkaConnection kafka;

  private static PrometheusText scrape() {
    return new PrometheusText(
        given().get("/q/metrics").then().statusCode(200).extract().body().asString());
  }

  private static ProducerRecord<byte[], byte[]> image(String id, byte[] value) {
    RecordHeaders h = new RecordHeaders();
    h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    h.add(ImageHeaders.CAPTURED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        Topics.IMAGES, null, LINE.getBytes(StandardCharsets.UTF_8), value, h);
  }

  private static Set<String> used() {
    Set<String> names = new TreeSet<>();
    for (Queries.Query q : all()) {
      names.addAll(PromQl.of(q.expr()).metrics());
    }
    return names;
  }

  private static List<Queries.Query> all() {
    List<Queries.Query> all = new ArrayList<>(Queries.dashboards());
    all.addAll(Queries.rules());
    return all;
  }

  private static Set<String> labelNames(PrometheusText scrape, String metric) {
    Set<String> names = new LinkedHashSet<>();
    for (String labels : scrape.values(metric).keySet()) {
      Matcher m = LABEL_NAME.matcher(labels);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void shouldExportEveryMetricThatDashboardsAndRulesQuery() throws Exception {
    // Anomalous and normal-looking images (alerts, webhook deliveries, p-values in several
    // buckets) and an empty one (a dead letter).
    List<ProducerRecord<byte[], byte[]>> inputs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      inputs.add(image("ops-" + i, i % 2 == 0 ? TestImages.stripes(1 + i) : TestImages.noise(i)));
    }
    inputs.add(image("ops-empty", new byte[0]));
    // A recording of the sensor line: the sensor metrics.
    RecordHeaders sensor = new RecordHeaders();
    sensor.add(ImageHeaders.IMAGE_ID, "ops-sensor".getBytes(StandardCharsets.UTF_8));
    sensor.add(
        ImageHeaders.CONTENT_TYPE,
        io.flowspect.core.signal.Recording.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
    sensor.add(ImageHeaders.SAMPLE_RATE, "12000".getBytes(StandardCharsets.UTF_8));
    float[] samples =
        new io.flowspect.core.signal.VibrationSimulator(12_000, 512, 4.0)
            .simulate(new java.util.SplittableRandom(5), null, null);
    inputs.add(
        new ProducerRecord<>(
            Topics.IMAGES,
            null,
            WebhookSinkResource.SENSOR_LINE.getBytes(StandardCharsets.UTF_8),
            io.flowspect.core.signal.Recording.float32(new float[][] {samples}),
            sensor));
    new KafkaTestClient(kafka.bootstrapServers()).produce(inputs);

    Set<String> used = used();
    assertThat(used).as("metrics queried by dashboards and rules").hasSizeGreaterThan(10);
    // Metrics appear as the pipeline commits and as the Kafka client metrics are picked up.
    PrometheusText scrape =
        await("every metric the dashboards and rules use, 6 images and 1 delivered alert")
            .atMost(WAIT)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(250))
            .until(
                DeploymentContractTest::scrape,
                s ->
                    used.stream().allMatch(s::has)
                        && s.sum("flowspect_images_total", "line", LINE) >= 6
                        && s.sum("flowspect_webhook_deliveries_total", "outcome", "success") >= 1);

    Set<String> missing = new TreeSet<>();
    for (String name : used) {
      if (!scrape.has(name)) {
        missing.add(name);
      }
    }
    assertThat(missing)
        .as("metrics used by dashboards or rules but not exported by the service at /q/metrics")
        .isEmpty();

    List<String> problems = new ArrayList<>();
    for (Queries.Query q : all()) {
      PromQl parsed = PromQl.of(q.expr());
      Set<String> available = new LinkedHashSet<>(TARGET_LABELS);
      for (var selector : parsed.matchers().entrySet()) {
        Set<String> labels = labelNames(scrape, selector.getKey());
        available.addAll(labels);
        for (String label : selector.getValue()) {
          if (!labels.contains(label) && !TARGET_LABELS.contains(label)) {
            problems.add(
                q + " matches on label '" + label + "' that " + selector.getKey() + " lacks");
          }
        }
      }
      for (String label : parsed.grouping()) {
        if (!available.contains(label)) {
          problems.add(q + " groups by label '" + label + "' that none of its metrics has");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldServeEveryHealthPathThatProbesAndHealthChecksCall() {
    Set<String> paths = new TreeSet<>();
    for (Path f : Repo.files(Repo.deploy().resolve("kubernetes"), ".yaml", ".yml")) {
      for (JsonNode doc : Repo.yamlDocuments(f)) {
        for (JsonNode get : doc.findValues("httpGet")) {
          paths.add(get.path("path").asText());
        }
      }
    }
    List<Path> others = new ArrayList<>(Repo.files(Repo.deploy(), ".yml"));
    others.addAll(Repo.files(Repo.deploy(), "Dockerfile", "Dockerfile.cuda"));
    for (Path f : others) {
      Matcher m = HEALTH_URL.matcher(Repo.text(f));
      while (m.find()) {
        assertThat(Integer.parseInt(m.group(1)))
            .as("port of %s in %s", m.group(), f)
            .isEqualTo(Repo.httpPort());
        paths.add(m.group(2));
      }
    }
    assertThat(paths)
        .contains("/q/health/ready", "/q/health/live", "/q/health/started")
        .allSatisfy(p -> given().get(p).then().statusCode(200));
  }
}
