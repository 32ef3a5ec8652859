package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.service.kafka.KafkaSettings;
import io.flowspect.service.kafka.TopicSettings;
import io.flowspect.service.pipeline.PipelineSettings;
import io.flowspect.service.routing.ModelSettings;
import io.flowspect.service.webhook.WebhookSettings;
import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes base and its cpu and gpu overlays, built as kustomize would build them: the fields
 * each object needs, selectors that select, ports and probes that meet the service, environment
 * variables that are the service's configuration keys, and a KEDA scaler that matches the consumer
 * group.
 */
class KubernetesManifestsTest {

  private static final Path KUBE = Repo.deploy().resolve("kubernetes");
  private static final Path BASE = KUBE.resolve("base");
  private static final String CONTAINER = "flowspect";

  private static List<ObjectNode> build(String overlay) {
    return Kustomize.build(overlay == null ? BASE : KUBE.resolve("overlays").resolve(overlay));
  }

  private static ObjectNode container(List<ObjectNode> objects) {
    JsonNode containers =
        Kustomize.find(objects, "Deployment", "flowspect")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers");
    for (JsonNode c : containers) {
      if (CONTAINER.equals(c.path("name").asText())) {
        return (ObjectNode) c;
      }
    }
    throw new AssertionError("no container " + CONTAINER);
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static void assertSelects(JsonNode selector, JsonNode labels, String what) {
    Map<String, String> sel = map(selector);
    assertThat(sel).as("%s selector", what).isNotEmpty();
    assertThat(map(labels)).as("labels selected by %s", what).containsAllEntriesOf(sel);
  }

  /** The container's environment as the pod sees it, secrets and field references resolved. */
  private static Map<String, String> environment(List<ObjectNode> objects) {
    ObjectNode c = container(objects);
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode from : c.path("envFrom")) {
      String name = from.path("configMapRef").path("name").asText();
      env.putAll(map(Kustomize.find(objects, "ConfigMap", name).path("data")));
    }
    for (JsonNode e : c.path("env")) {
      JsonNode from = e.path("valueFrom");
      String value;
      if (e.has("value")) {
        value = e.path("value").asText();
      } else if (from.has("secretKeyRef")) {
        JsonNode ref = from.path("secretKeyRef");
        JsonNode secret = Kustomize.find(objects, "Secret", ref.path("name").asText());
        value = secret.path("stringData").path(ref.path("key").asText()).asText(null);
        assertThat(value).as("key %s of Secret %s", ref.path("key"), ref.path("name")).isNotNull();
      } else if (from.has("fieldRef")) {
        value = "field-" + from.path("fieldRef").path("fieldPath").asText().replace('.', '-');
      } else {
        throw new AssertionError("env " + e + " has neither value, secretKeyRef nor fieldRef");
      }
      env.put(e.path("name").asText(), value);
    }
    return env;
  }

  @Test
  void shouldHoldEveryResourceTheServiceNeeds() {
    List<ObjectNode> base = build(null);
    Set<String> kinds = new HashSet<>();
    base.forEach(o -> kinds.add(o.path("kind").asText()));
    assertThat(kinds)
        .contains(
            "Deployment",
            "ConfigMap",
            "Secret",
            "Service",
            "ServiceMonitor",
            "PrometheusRule",
            "ScaledObject",
            "PodDisruptionBudget",
            "PersistentVolumeClaim");
    assertThat(Kustomize.find(base, "ServiceMonitor", null).path("apiVersion").asText())
        .isEqualTo("monitoring.coreos.com/v1");
    assertThat(Kustomize.find(base, "ScaledObject", null).path("apiVersion").asText())
        .isEqualTo("keda.sh/v1alpha1");
    assertThat(Kustomize.find(base, "PodDisruptionBudget", null).path("apiVersion").asText())
        .isEqualTo("policy/v1");
  }

  @Test
  void shouldSelectTheDeploymentsPodsEverywhere() {
    List<ObjectNode> base = build(null);
    JsonNode deployment = Kustomize.find(base, "Deployment", "flowspect");
    JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
    assertSelects(
        deployment.path("spec").path("selector").path("matchLabels"), podLabels, "Deployment");
    JsonNode service = Kustomize.find(base, "Service", "flowspect");
    assertSelects(service.path("spec").path("selector"), podLabels, "Service");
    assertSelects(
        Kustomize.find(base, "PodDisruptionBudget", null)
            .path("spec")
            .path("selector")
            .path("matchLabels"),
        podLabels,
        "PodDisruptionBudget");
    for (JsonNode t :
        deployment.path("spec").path("template").path("spec").path("topologySpreadConstraints")) {
      assertSelects(t.path("labelSelector").path("matchLabels"), podLabels, "topology spread");
    }
    assertSelects(
        Kustomize.find(base, "ServiceMonitor", null)
            .path("spec")
            .path("selector")
            .path("matchLabels"),
        service.path("metadata").path("labels"),
        "ServiceMonitor");
  }

  @Test
  void shouldMeetTheServiceOnItsPortAndHealthPaths() {
    List<ObjectNode> base = build(null);
    ObjectNode c = container(base);
    Map<String, Integer> ports = new LinkedHashMap<>();
    c.path("ports")
        .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertThat(ports).containsEntry("http", Repo.httpPort());

    JsonNode service = Kustomize.find(base, "Service", "flowspect");
    Set<String> servicePorts = new HashSet<>();
    for (JsonNode p : service.path("spec").path("ports")) {
      String target = p.path("targetPort").asText();
      assertThat(ports.containsKey(target) || target.equals(String.valueOf(Repo.httpPort())))
          .as("Service targetPort %s is a container port", target)
          .isTrue();
      servicePorts.add(p.path("name").asText());
    }
    for (JsonNode e : Kustomize.find(base, "ServiceMonitor", null).path("spec").path("endpoints")) {
      assertThat(servicePorts).contains(e.path("port").asText());
      assertThat(e.path("path").asText()).isEqualTo("/q/metrics");
      // Without it the operator's `endpoint` target label renames the delivery counter's.
      assertThat(e.path("honorLabels").asBoolean()).isTrue();
    }
    assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/ready");
    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/live");
    assertThat(c.path("startupProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/started");
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertThat(c.path(probe).path("httpGet").path("port").asText())
          .as(probe)
          .isIn("http", String.valueOf(Repo.httpPort()));
    }
    // The batch in flight gets its 10 s to commit after SIGTERM.
    assertThat(
            Kustomize.find(base, "Deployment", "flowspect")
                .path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asInt())
        .isGreaterThan(10);
  }

  @Test
  void shouldMountEveryVolumeItDeclaresAndTheModelsItNames() {
    List<ObjectNode> base = build(null);
    JsonNode pod =
        Kustomize.find(base, "Deployment", "flowspect").path("spec").path("template").path("spec");
    Map<String, JsonNode> volumes = new LinkedHashMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    Map<String, String> mounts = new LinkedHashMap<>();
    container(base)
        .path("volumeMounts")
        .forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
    assertThat(mounts.keySet()).isEqualTo(volumes.keySet());
    String claim = volumes.get("models").path("persistentVolumeClaim").path("claimName").asText();
    Kustomize.find(base, "PersistentVolumeClaim", claim);
    // A read-only root file system needs a writable /tmp (ONNX Runtime unpacks its library).
    assertThat(mounts).containsEntry("tmp", "/tmp");
    assertThat(environment(base).get("FLOWSPECT_MODELS_DEFAULT"))
        .startsWith(mounts.get("models") + "/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "cpu", "gpu"})
  void shouldSetOnlyConfigurationKeysTheServiceReads(String overlay) {
    List<ObjectNode> objects = build(overlay.isEmpty() ? null : overlay);
    Map<String, String> env = environment(objects);
    ConfigKeys keys = ConfigKeys.ofService();
    List<String> unknown = new ArrayList<>();
    env.keySet().forEach(n -> keys.envName(n).ifPresentOrElse(k -> {}, () -> unknown.add(n)));
    assertThat(unknown).as("variables that set no configuration key of the service").isEmpty();

    SmallRyeConfig config = keys.build(env);
    ModelSettings models = config.getConfigMapping(ModelSettings.class);
    assertThat(models.defaultBundle()).isPresent();
    assertThat(models.onnxThreads()).isPositive();
    assertThat(config.getConfigMapping(WebhookSettings.class).endpoints())
        .as("webhook endpoints found from the variable names")
        .containsKey("ops");
    assertThat(config.getConfigMapping(WebhookSettings.class).endpoints().get("ops").secret())
        .isNotBlank();
    assertThat(config.getConfigMapping(PipelineSettings.class).instanceId())
        .isEqualTo("field-metadata-name");
    assertThat(config.getConfigMapping(KafkaSettings.class).partitions()).isGreaterThan(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu", "gpu"})
  void shouldGiveOnnxRuntimeAsManyThreadsAsTheContainerRequestsCores(String overlay) {
    List<ObjectNode> objects = build(overlay);
    String cpu = container(objects).path("resources").path("requests").path("cpu").asText();
    assertThat(environment(objects).get("FLOWSPECT_MODELS_ONNX_THREADS")).isEqualTo(cpu);
  }

  @Test
  void shouldRequestAGpuAndUseCudaOnlyInTheGpuOverlay() {
    List<ObjectNode> gpu = build("gpu");
    JsonNode resources = container(gpu).path("resources");
    assertThat(resources.path("limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
    assertThat(resources.path("requests").path("nvidia.com/gpu").asText())
        .isEqualTo(resources.path("limits").path("nvidia.com/gpu").asText());
    SmallRyeConfig config = ConfigKeys.ofService().build(environment(gpu));
    assertThat(config.getConfigMapping(ModelSettings.class).provider())
        .isEqualTo(ExecutionProvider.CUDA);

    List<ObjectNode> cpu = build("cpu");
    assertThat(container(cpu).path("resources").toString()).doesNotContain("nvidia.com/gpu");
    assertThat(
            ConfigKeys.ofService()
                .build(environment(cpu))
                .getConfigMapping(ModelSettings.class)
                .provider())
        .isEqualTo(ExecutionProvider.CPU);
  }

  @Test
  void shouldUseDifferentImagesPerOverlayForTheBasesContainer() {
    String image = container(build(null)).path("image").asText();
    Set<String> tags = new HashSet<>();
    for (String overlay : List.of("cpu", "gpu")) {
      JsonNode images =
          Kustomize.kustomization(KUBE.resolve("overlays").resolve(overlay)).path("images");
      assertThat(images).hasSize(1);
      assertThat(images.get(0).path("name").asText()).isEqualTo(image);
      tags.add(images.get(0).path("newTag").asText());
    }
    assertThat(tags).hasSize(2);
  }

  @Test
  void shouldScaleOnTheConsumerGroupsLagUpToThePartitionCount() {
    List<ObjectNode> base = build(null);
    SmallRyeConfig config = ConfigKeys.ofService().build(environment(base));
    JsonNode spec = Kustomize.find(base, "ScaledObject", null).path("spec");
    JsonNode target = spec.path("scaleTargetRef");
    assertThat(target.path("kind").asText()).isEqualTo("Deployment");
    Kustomize.find(base, "Deployment", target.path("name").asText());
    assertThat(spec.path("minReplicaCount").asInt())
        .isBetween(1, spec.path("maxReplicaCount").asInt());
    assertThat(spec.path("maxReplicaCount").asInt())
        .as("one consumer per partition: more replicas would idle")
        .isEqualTo(config.getConfigMapping(KafkaSettings.class).partitions());
    JsonNode triggers = spec.path("triggers");
    assertThat(triggers).hasSize(1);
    JsonNode kafka = triggers.get(0);
    assertThat(kafka.path("type").asText()).isEqualTo("kafka");
    JsonNode m = kafka.path("metadata");
    assertThat(m.path("bootstrapServers").asText())
        .isEqualTo(config.getConfigValue("kafka.bootstrap.servers").getValue());
    assertThat(m.path("consumerGroup").asText())
        .isEqualTo(config.getConfigMapping(PipelineSettings.class).groupId());
    assertThat(m.path("topic").asText())
        .isEqualTo(config.getConfigMapping(TopicSettings.class).images());
    assertThat(m.path("allowIdleConsumers").asText()).isEqualTo("false");
    assertThat(Integer.parseInt(m.path("lagThreshold").asText())).isPositive();
  }

  @Test
  void shouldCarryTheSameAlertingRulesAsThePrometheusRulesFile() {
    JsonNode rule = Kustomize.find(build(null), "PrometheusRule", "flowspect");
    JsonNode file = Repo.yaml(Repo.dashboards().resolve("prometheus/flowspect.rules.yml"));
    assertThat(rule.path("spec").path("groups")).isEqualTo(file.path("groups"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/cpu", "overlays/gpu"})
  void shouldReferToFilesAndObjectsThatExist(String dir) {
    Path k = KUBE.resolve(dir);
    JsonNode kustomization = Kustomize.kustomization(k);
    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    for (JsonNode r : kustomization.path("resources")) {
      Path p = k.resolve(r.asText()).normalize();
      assertThat(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))
          .as("resource %s of %s", r.asText(), dir)
          .isTrue();
    }
    List<ObjectNode> unpatched = new ArrayList<>();
    for (JsonNode r : kustomization.path("resources")) {
      Path p = k.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) {
        unpatched.addAll(Kustomize.build(p));
      }
    }
    for (JsonNode patch : kustomization.path("patches")) {
      Path p = k.resolve(patch.path("path").asText());
      assertThat(p).isRegularFile();
      JsonNode target = patch.path("target");
      JsonNode body = Repo.yaml(p);
      assertThat(body.path("kind").asText()).isEqualTo(target.path("kind").asText());
      assertThat(body.path("metadata").path("name").asText())
          .isEqualTo(target.path("name").asText());
      assertThat(unpatched.stream().filter(o -> Kustomize.matches(o, target)).count())
          .as("objects patched by %s", p)
          .isEqualTo(1);
      for (JsonNode c : body.path("spec").path("template").path("spec").path("containers")) {
        assertThat(c.path("name").asText()).as("container patched by %s", p).isEqualTo(CONTAINER);
      }
    }
  }
}
