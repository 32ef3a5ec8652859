package io.flowspect.service.health;

import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.pipeline.PipelineService;
import io.flowspect.service.routing.ModelService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready ({@code /q/health/ready}) when the service can do its job: at least one model is loaded and
 * the Kafka cluster answers. A load balancer or an orchestrator sends traffic, and a rollout
 * proceeds, only then.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  private final ModelService models;
  private final KafkaConnection kafka;
  private final KafkaProbe probe;
  private final PipelineService pipeline;

  /**
   * Creates the check.
   *
   * @param models the loaded models
   * @param kafka the cluster's address
   * @param probe asks the cluster
   * @param pipeline the pipeline, which knows when Kafka refuses this service
   */
  public ReadinessCheck(
      ModelService models, KafkaConnection kafka, KafkaProbe probe, PipelineService pipeline) {
    this.models = models;
    this.kafka = kafka;
    this.probe = probe;
    this.pipeline = pipeline;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("flowspect").up();
    int loaded = models.router().map(m -> m.models().size()).orElse(0);
    r.withData("models", loaded);
    if (loaded == 0) {
      r.down().withData("models_problem", "no model configured (flowspect.models.default)");
    }
    r.withData("kafka", kafka.bootstrapServers());
    try {
      r.withData("kafka_brokers", probe.brokers());
    } catch (IllegalStateException e) {
      r.down().withData("kafka_problem", "unreachable: " + e.getMessage());
    }
    pipeline
        .pipeline()
        .flatMap(p -> p.accessProblem())
        .ifPresent(problem -> r.down().withData("kafka_access", problem));
    return r.build();
  }
}
