package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.service.pipeline.PipelineSettings;
import io.flowspect.service.routing.ModelSettings;
import io.flowspect.service.webhook.WebhookSettings;
import io.smallrye.config.SmallRyeConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker-compose.yml wired as it must be: every service there, files and volumes it mounts,
 * Kafka in KRaft mode where the service looks for it, the service's variables its configuration
 * keys, Prometheus scraping the service with the rules, Grafana provisioned with the dashboards,
 * and the webhook sink where the service sends alerts, with the same secret.
 */
class ComposeFileTest {

  private static final Path COMPOSE = Repo.deploy().resolve("docker-compose.yml");
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

  private static JsonNode services() {
    return Repo.yaml(COMPOSE).path("services");
  }

  /** Compose's variable interpolation with the files' defaults (nothing set in the shell). */
  private static String interpolate(String value) {
    Matcher m = INTERPOLATION.matcher(value);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
    }
    return m.appendTail(b).toString();
  }

  private static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode e = services().path(service).path("environment");
    if (e.isArray()) {
      for (JsonNode item : e) {
        String[] kv = item.asText().split("=", 2);
        env.put(kv[0], interpolate(kv.length > 1 ? kv[1] : ""));
      }
    } else {
      e.fields().forEachRemaining(f -> env.put(f.getKey(), interpolate(f.getValue().asText())));
    }
    return env;
  }

  /** Bind mounts of a service: container path to host path. */
  private static Map<String, Path> binds(String service) {
    Map<String, Path> out = new LinkedHashMap<>();
    for (JsonNode v : services().path(service).path("volumes")) {
      String[] parts = v.asText().split(":");
      if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
        out.put(parts[1], Repo.deploy().resolve(parts[0]).normalize());
      }
    }
    return out;
  }

  @Test
  void shouldRunTheWholeStack() {
    JsonNode services = services();
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyInAnyOrder("kafka", "flowspect", "prometheus", "grafana", "webhook-sink");
    services
        .fields()
        .forEachRemaining(
            s -> {
              JsonNode svc = s.getValue();
              assertThat(svc.has("image") || svc.has("build"))
                  .as("image of %s", s.getKey())
                  .isTrue();
              if (svc.has("image")) {
                assertThat(svc.path("image").asText())
                    .as("image of %s has a tag", s.getKey())
                    .matches("[^:]+:[^:]+");
              }
              JsonNode deps = svc.path("depends_on");
              List<String> depNames = new ArrayList<>();
              if (deps.isArray()) {
                deps.forEach(d -> depNames.add(d.asText()));
              } else {
                deps.fieldNames().forEachRemaining(depNames::add);
              }
              assertThat(names).as("depends_on of %s", s.getKey()).containsAll(depNames);
            });
    JsonNode build = services.path("flowspect").path("build");
    Path context = Repo.deploy().resolve(build.path("context").asText()).normalize();
    assertThat(context).isEqualTo(Repo.root());
    assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
  }

  @Test
  void shouldDeclareEveryNamedVolumeAndFindEveryMountedFile() {
    JsonNode compose = Repo.yaml(COMPOSE);
    List<String> declared = new ArrayList<>();
    compose.path("volumes").fieldNames().forEachRemaining(declared::add);
    compose
        .path("services")
        .fields()
        .forEachRemaining(
            s -> {
              for (JsonNode v : s.getValue().path("volumes")) {
                String[] parts = v.asText().split(":");
                assertThat(parts.length).as("volume %s", v).isBetween(2, 3);
                assertThat(parts[1]).startsWith("/");
                if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                  assertThat(Repo.deploy().resolve(parts[0]).normalize())
                      .as("bind mount of %s", s.getKey())
                      .exists();
                } else {
                  assertThat(declared).as("named volume of %s", s.getKey()).contains(parts[0]);
                }
              }
            });
  }

  @Test
  void shouldRunKafkaInKraftModeWhereTheServiceLooksForIt() {
    Map<String, String> kafka = environment("kafka");
    assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
        .isEqualTo(kafka.get("KAFKA_NODE_ID") + "@kafka:9093");
    assertThat(kafka.get("KAFKA_LISTENERS")).contains("CONTROLLER://:9093");
    // Exactly-once needs the transaction log; one broker can only hold one replica of it.
    assertThat(kafka.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo("1");
    assertThat(kafka.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
    String bootstrap = environment("flowspect").get("KAFKA_BOOTSTRAP_SERVERS");
    assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://" + bootstrap);
    assertThat(services().path("kafka").path("image").asText()).startsWith("apache/kafka:");
  }

  @Test
  void shouldConfigureTheServiceWithItsOwnKeys() {
    Map<String, String> env = environment("flowspect");
    ConfigKeys keys = ConfigKeys.ofService();
    List<String> unknown = new ArrayList<>();
    env.keySet().forEach(n -> keys.envName(n).ifPresentOrElse(k -> {}, () -> unknown.add(n)));
    assertThat(unknown).isEmpty();
    SmallRyeConfig config = keys.build(env);
    assertThat(config.getConfigValue("kafka.bootstrap.servers").getValue()).isEqualTo("kafka:9092");
    Path bundle = config.getConfigMapping(ModelSettings.class).defaultBundle().orElseThrow();
    Map<String, Path> binds = binds("flowspect");
    assertThat(binds).containsKey("/models");
    // The default bundle is a folder of the repository's models/ as mounted.
    assertThat(binds.get("/models").resolve(Path.of("/models").relativize(bundle).toString()))
        .isDirectory();
    assertThat(config.getConfigMapping(PipelineSettings.class).instanceId()).isNotBlank();

    List<String> ports = new ArrayList<>();
    services().path("flowspect").path("ports").forEach(p -> ports.add(p.asText()));
    assertThat(ports).contains(Repo.httpPort() + ":" + Repo.httpPort());
  }

  @Test
  void shouldSendAlertsToTheSinkSignedWithTheSecretItChecks() {
    WebhookSettings webhooks =
        ConfigKeys.ofService()
            .build(environment("flowspect"))
            .getConfigMapping(WebhookSettings.class);
    assertThat(webhooks.endpoints()).containsOnlyKeys("sink");
    URI url = URI.create(webhooks.endpoints().get("sink").url());
    Map<String, String> sink = environment("webhook-sink");
    assertThat(url.getHost()).isEqualTo("webhook-sink");
    assertThat(String.valueOf(url.getPort())).isEqualTo(sink.get("PORT"));
    assertThat(webhooks.endpoints().get("sink").secret()).isEqualTo(sink.get("WEBHOOK_SECRET"));
    Map<String, Path> binds = binds("webhook-sink");
    String script = services().path("webhook-sink").path("command").get(2).asText();
    assertThat(binds.get(script)).isRegularFile();
  }

  @Test
  void shouldScrapeTheServiceAndLoadTheRules() {
    Map<String, Path> binds = binds("prometheus");
    JsonNode config = Repo.yaml(binds.get("/etc/prometheus/prometheus.yml"));
    JsonNode job = config.path("scrape_configs").get(0);
    assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
    assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
        .isEqualTo("flowspect:" + Repo.httpPort());
    for (JsonNode r : config.path("rule_files")) {
      Path inContainer = Path.of("/etc/prometheus").resolve(r.asText()).normalize();
      Path host =
          binds
              .get(inContainer.getParent().toString())
              .resolve(inContainer.getFileName().toString());
      assertThat(host).isRegularFile();
      assertThat(Queries.ruleFiles()).contains(host);
    }
    assertThat(config.path("rule_files")).isNotEmpty();
    // Grafana's datasource assumes this interval ($__rate_interval).
    JsonNode datasource =
        Repo.yaml(Repo.dashboards().resolve("grafana/provisioning/datasources/prometheus.yml"))
            .path("datasources")
            .get(0);
    assertThat(datasource.path("jsonData").path("timeInterval").asText())
        .isEqualTo(config.path("global").path("scrape_interval").asText());
    URI url = URI.create(datasource.path("url").asText());
    assertThat(url.getHost()).isEqualTo("prometheus");
    List<String> ports = new ArrayList<>();
    services().path("prometheus").path("ports").forEach(p -> ports.add(p.asText()));
    assertThat(ports).contains(url.getPort() + ":" + url.getPort());
  }

  @Test
  void shouldProvisionGrafanaWithTheDashboards() {
    Map<String, Path> binds = binds("grafana");
    Path provisioning = binds.get("/etc/grafana/provisioning");
    assertThat(provisioning).isEqualTo(Repo.dashboards().resolve("grafana/provisioning"));
    assertThat(provisioning.resolve("datasources")).isDirectory();
    for (Path p : Repo.files(provisioning.resolve("dashboards"), ".yml", ".yaml")) {
      for (JsonNode provider : Repo.yaml(p).path("providers")) {
        String path = provider.path("options").path("path").asText();
        assertThat(binds).as("a mount at the provider's path %s", path).containsKey(path);
        assertThat(Repo.files(binds.get(path), ".json")).isNotEmpty();
      }
    }
    String home = environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    Path homeInContainer = Path.of(home);
    Path hostDir = binds.get(homeInContainer.getParent().toString());
    assertThat(hostDir.resolve(homeInContainer.getFileName().toString())).isRegularFile();
    assertThat(Files.isDirectory(Repo.dashboards().resolve("grafana/dashboards"))).isTrue();
  }
}
