package io.flowspect.service.webhook;

import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.TopicSettings;
import io.flowspect.service.lifecycle.GracefulShutdown;
import io.flowspect.service.lifecycle.Stoppable;
import io.flowspect.service.pipeline.PipelineSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the {@link WebhookDispatcher} for the life of the application when at least one endpoint is
 * configured; counts deliveries in Micrometer when a registry is present. Stopped by {@link
 * GracefulShutdown}, in parallel with the pipeline.
 */
@ApplicationScoped
public class WebhookService implements Stoppable {

  private static final Logger LOG = Logger.getLogger(WebhookService.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConnection kafka;
  private final WebhookSettings settings;
  private final TopicSettings topics;
  private final PipelineSettings pipeline;
  private final Instance<MeterRegistry> registry;
  private volatile WebhookDispatcher dispatcher;

  /**
   * Wires the settings; nothing starts before the startup event.
   *
   * @param kafka the cluster
   * @param settings endpoints and policies
   * @param topics the alert topic
   * @param pipeline the instance id, shared with the scoring pipeline
   * @param registry the metrics registry, when the Micrometer extension is present
   */
  public WebhookService(
      KafkaConnection kafka,
      WebhookSettings settings,
      TopicSettings topics,
      PipelineSettings pipeline,
      Instance<MeterRegistry> registry) {
    this.kafka = kafka;
    this.settings = settings;
    this.topics = topics;
    this.pipeline = pipeline;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) {
    List<WebhookEndpoint> endpoints = settings.toEndpoints();
    if (endpoints.isEmpty()) {
      LOG.info(
          "no webhook endpoint configured (flowspect.webhooks.endpoints.<name>.url): webhooks off");
      return;
    }
    WebhookOptions options =
        new WebhookOptions(
            kafka.bootstrapServers(),
            topics.alerts(),
            settings.dlqTopic(),
            endpoints,
            settings.toRetryPolicy(),
            settings.toBreakerPolicy(),
            settings.groupPrefix(),
            pipeline.instanceId(),
            settings.startFrom(),
            kafka.settings().consumer(),
            kafka.settings().producer());
    if (kafka.settings().createTopics()) {
      TopicAdmin.ensure(
          kafka.bootstrapServers(),
          List.of(options.dlqTopic()),
          kafka.settings().partitions(),
          kafka.isEmbedded() ? 1 : kafka.settings().replicationFactor(),
          securityProperties(kafka.settings().consumer()),
          ADMIN_TIMEOUT);
    }
    DeliveryMetrics metrics =
        registry.isResolvable()
            ? new MicrometerDeliveryMetrics(
                registry.get(), endpoints.stream().map(WebhookEndpoint::name).toList())
            : DeliveryMetrics.NONE;
    dispatcher = new WebhookDispatcher(options, metrics);
    dispatcher.start();
  }

  /** The consumer overrides an admin client needs too: security settings only. */
  private static Map<String, String> securityProperties(Map<String, String> consumer) {
    Map<String, String> p = new HashMap<>(consumer);
    p.keySet()
        .removeIf(
            k -> !k.startsWith("security.") && !k.startsWith("sasl.") && !k.startsWith("ssl."));
    return p;
  }

  @Override
  public String stopName() {
    return "webhook dispatcher";
  }

  /**
   * Stops the dispatcher: requests in flight finish and are committed if they succeeded. Called by
   * {@link GracefulShutdown} when the application stops, at the same time as the pipeline.
   *
   * @param timeout the longest the stop may take
   * @return true if every endpoint stopped within the timeout (or none was configured)
   */
  @Override
  public boolean stop(Duration timeout) {
    WebhookDispatcher d = dispatcher;
    if (d == null || d.stop(timeout)) {
      return true;
    }
    LOG.warnf(
        "webhook requests still in flight after %s; their alerts are redelivered after restart"
            + " (same idempotency keys)",
        timeout);
    return false;
  }

  /**
   * Returns the running dispatcher.
   *
   * @return the dispatcher; empty when no endpoint is configured
   */
  public Optional<WebhookDispatcher> dispatcher() {
    return Optional.ofNullable(dispatcher);
  }
}
