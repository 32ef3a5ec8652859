package io.flowspect.service.support;

import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.pipeline.BatchScorer;
import io.flowspect.service.pipeline.Delivery;
import io.flowspect.service.pipeline.PipelineOptions;
import io.flowspect.service.pipeline.ScoringPipeline;
import io.flowspect.service.routing.ModelRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The scoring pipeline as the pipeline tests build it on an in-process broker: exactly once, 50 ms
 * batch waits, 1 MB dead-letter values, the default explanations and the system clock.
 */
public final class TestPipelines {

  private TestPipelines() {}

  /**
   * Exactly-once options.
   *
   * @param bootstrapServers the test broker
   * @param topics the test's topics
   * @param name prefix of the group ({@code name-group}) and instance ({@code name-instance}) ids
   * @param maxRecords largest batch
   * @param client extra consumer and producer properties (TLS, SASL), or an empty map
   */
  public static PipelineOptions exactlyOnce(
      String bootstrapServers,
      Topics topics,
      String name,
      int maxRecords,
      Map<String, String> client) {
    return new PipelineOptions(
        bootstrapServers,
        topics,
        Delivery.EXACTLY_ONCE,
        maxRecords,
        Duration.ofMillis(50),
        name + "-group",
        name + "-instance",
        1_000_000,
        client,
        client);
  }

  /** A pipeline (not started) whose intake takes the test images' sizes. */
  public static ScoringPipeline pipeline(PipelineOptions options, ModelRouter router) {
    return pipeline(
        options,
        router,
        new ImageIntake(
            new ImageLimits(TestImages.TEST_MAX_BYTES, ImageLimits.DEFAULT_MAX_PIXELS)));
  }

  /** A pipeline (not started) with the given intake. */
  public static ScoringPipeline pipeline(
      PipelineOptions options, ModelRouter router, ImageIntake intake) {
    return new ScoringPipeline(
        options,
        new BatchScorer(
            options.topics(),
            intake,
            router,
            ExplainOptions.defaults(),
            options.dlqMaxValueBytes(),
            Clock.systemUTC()));
  }
}
