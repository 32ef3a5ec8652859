package io.flowspect.service.health;

import io.flowspect.service.pipeline.PipelineService;
import io.flowspect.service.pipeline.PipelineStats;
import io.flowspect.service.pipeline.ScoringPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live ({@code /q/health/live}) while the scoring pipeline's thread runs. The loop survives Kafka
 * and model errors by itself (it restarts its session), so a dead thread means it gave up, e.g.
 * fenced by another instance with the same instance id: restarting the process is the remedy. With
 * the pipeline off (disabled, or no model) the service is live.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

  private final PipelineService pipeline;

  /**
   * Creates the check.
   *
   * @param pipeline the pipeline's owner
   */
  public LivenessCheck(PipelineService pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named("flowspect-pipeline");
    Optional<ScoringPipeline> p = pipeline.pipeline();
    if (p.isEmpty()) {
      return r.up().withData("pipeline", "off").build();
    }
    PipelineStats stats = p.get().stats();
    return r.status(p.get().isAlive())
        .withData("pipeline", p.get().isAlive() ? "running" : "stopped")
        .withData("batches", stats.batches())
        .withData("restarts", stats.restarts())
        .build();
  }
}
