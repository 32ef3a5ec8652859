package io.flowspect.service.pipeline;

import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.service.alert.AlertSettings;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.ingest.IngestSettings;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.TopicSettings;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the {@link ScoringPipeline} for the life of the application: loads the models and starts the
 * loop at start-up, and on shutdown (SIGTERM included) lets the batch in flight finish and commit
 * within {@link PipelineSettings#shutdownTimeout()} before the models are closed.
 */
@ApplicationScoped
public class PipelineService {

  private static final Logger LOG = Logger.getLogger(PipelineService.class);

  private final KafkaConnection kafka;
  private final PipelineSettings settings;
  private final ModelSettings models;
  private final IngestSettings ingest;
  private final AlertSettings alerts;
  private final TopicSettings topics;
  private ModelRouter router;
  private ScoringPipeline pipeline;

  /**
   * Wires the settings; nothing starts before the startup event.
   *
   * @param kafka the cluster
   * @param settings the loop
   * @param models the routing table
   * @param ingest input limits
   * @param alerts what alerts attach
   * @param topics topic names
   */
  public PipelineService(
      KafkaConnection kafka,
      PipelineSettings settings,
      ModelSettings models,
      IngestSettings ingest,
      AlertSettings alerts,
      TopicSettings topics) {
    this.kafka = kafka;
    this.settings = settings;
    this.models = models;
    this.ingest = ingest;
    this.alerts = alerts;
    this.topics = topics;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.enabled()) {
      LOG.info("scoring pipeline disabled (flowspect.pipeline.enabled=false)");
      return;
    }
    if (models.defaultBundle().isEmpty() && models.lines().isEmpty()) {
      LOG.warn(
          "no model configured: the scoring pipeline is off. Set flowspect.models.default (env"
              + " FLOWSPECT_MODELS_DEFAULT) to a bundle folder, e.g. models/fmnist-glow");
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
    router =
        ModelRouter.open(
            models.toRoutes(),
            new OnnxOptions(models.provider(), models.onnxThreads(), 0),
            settings.maxRecords());
    BatchScorer scorer =
        new BatchScorer(
            options.topics(),
            new ImageIntake(ingest.toLimits()),
            router,
            alerts.toOptions(),
            settings.dlqMaxValueBytes(),
            Clock.systemUTC());
    pipeline = new ScoringPipeline(options, scorer);
    pipeline.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (pipeline != null && !pipeline.stop(settings.shutdownTimeout())) {
      // The loop may still be inside a model call: leave the sessions to the exiting process.
      LOG.warnf(
          "the batch in flight did not commit within %s; it will be scored again after restart",
          settings.shutdownTimeout());
      return;
    }
    if (router != null) {
      router.close();
    }
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
