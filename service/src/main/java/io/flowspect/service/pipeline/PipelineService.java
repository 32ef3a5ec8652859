package io.flowspect.service.pipeline;

import io.flowspect.service.alert.AlertSettings;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.ingest.IngestSettings;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.TopicSettings;
import io.flowspect.service.lifecycle.GracefulShutdown;
import io.flowspect.service.lifecycle.Stoppable;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelService;
import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the {@link ScoringPipeline} for the life of the application: starts the loop at start-up
 * with the {@link ModelService}'s models, and on shutdown (SIGTERM included, through {@link
 * GracefulShutdown}) lets the batch in flight finish and commit within {@link
 * PipelineSettings#shutdownTimeout()} before the models are closed. Every {@link PipelineObserver}
 * bean (metrics, recent alerts) sees the committed batches.
 */
@ApplicationScoped
public class PipelineService implements Stoppable {

  private static final Logger LOG = Logger.getLogger(PipelineService.class);

  private final KafkaConnection kafka;
  private final PipelineSettings settings;
  private final ModelService models;
  private final IngestSettings ingest;
  private final AlertSettings alerts;
  private final TopicSettings topics;
  private final List<PipelineObserver> observers;
  private volatile ScoringPipeline pipeline;

  /**
   * Wires the settings; nothing starts before the startup event.
   *
   * @param kafka the cluster
   * @param settings the loop
   * @param models the loaded models
   * @param ingest input limits
   * @param alerts what alerts attach
   * @param topics topic names
   * @param observers every observer bean
   */
  public PipelineService(
      KafkaConnection kafka,
      PipelineSettings settings,
      ModelService models,
      IngestSettings ingest,
      AlertSettings alerts,
      TopicSettings topics,
      @All List<PipelineObserver> observers) {
    this.kafka = kafka;
    this.settings = settings;
    this.models = models;
    this.ingest = ingest;
    this.alerts = alerts;
    this.topics = topics;
    this.observers = observers;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.enabled()) {
      LOG.info("scoring pipeline disabled (flowspect.pipeline.enabled=false)");
      return;
    }
    Optional<ModelRouter> router = models.router();
    if (router.isEmpty()) {
      LOG.warn("no model configured: the scoring pipeline is off");
      return;
    }
    PipelineOptions options =
        new PipelineOptions(
            kafka.bootstrapServers(),
            topics.toTopics(),
            settings.delivery(),
            settings.maxRecords(),
            settings.maxWait(),
            settings.groupId(),
            settings.instanceId(),
            settings.dlqMaxValueBytes(),
            kafka.settings().consumer(),
            kafka.settings().producer());
    BatchScorer scorer =
        new BatchScorer(
            options.topics(),
            new ImageIntake(ingest.toLimits()),
            router.get(),
            alerts.toOptions(),
            settings.dlqMaxValueBytes(),
            Clock.systemUTC());
    ScoringPipeline p = new ScoringPipeline(options, scorer, PipelineObserver.all(observers));
    p.start();
    pipeline = p;
  }

  @Override
  public String stopName() {
    return "scoring pipeline";
  }

  /**
   * Stops the pipeline: the batch in flight finishes and commits, then the clients close. Called by
   * {@link GracefulShutdown} when the application stops.
   *
   * @param timeout the longest the stop may take
   * @return true if the loop ended within the timeout (or never ran)
   */
  @Override
  public boolean stop(Duration timeout) {
    ScoringPipeline p = pipeline;
    if (p == null || p.stop(timeout)) {
      return true;
    }
    // The loop may still be inside a model call: leave the sessions to the exiting process.
    models.leaveOpenAtShutdown();
    LOG.warnf(
        "the batch in flight did not commit within %s; it will be scored again after restart",
        timeout);
    return false;
  }

  /**
   * Returns the running pipeline.
   *
   * @return the pipeline; empty when disabled or without models
   */
  public Optional<ScoringPipeline> pipeline() {
    return Optional.ofNullable(pipeline);
  }
}
