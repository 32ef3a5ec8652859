package io.flowspect.service.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The scoring loop ({@code flowspect.pipeline.*}). */
@ConfigMapping(prefix = "flowspect.pipeline")
public interface PipelineSettings {

  /**
   * Whether the service scores the input topic. Default true; without any configured model the
   * pipeline stays off with a warning.
   *
   * @return true to run the pipeline
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * Delivery guarantee: {@code exactly-once} (default) or {@code at-least-once}.
   *
   * @return the guarantee
   */
  @WithDefault("exactly-once")
  Delivery delivery();

  /**
   * Largest batch: images scored by one model call. Default 64, where ONNX Runtime's per-call
   * overhead is already small for 28 x 28 inputs.
   *
   * @return the record count
   */
  @WithDefault("64")
  int maxRecords();

  /**
   * How long a batch waits for more images after its first one arrived. Default 50 ms: at most that
   * much latency is added when images trickle in, while a busy line fills batches at once.
   *
   * @return the wait
   */
  @WithDefault("50ms")
  Duration maxWait();

  /**
   * Consumer group of the scoring instances; instances in one group share the input partitions.
   *
   * @return default {@code flowspect-scoring}
   */
  @WithDefault("flowspect-scoring")
  String groupId();

  /**
   * Stable id of this instance, distinct per replica (e.g. the pod name of a StatefulSet). It is
   * the consumer's {@code group.instance.id} (static membership: a restarted instance gets its
   * partitions back at once, without waiting for a session timeout) and part of the producer's
   * {@code transactional.id} (so a restarted instance fences its own zombie and aborts its
   * unfinished batch).
   *
   * @return default {@code flowspect-1}
   */
  @WithDefault("flowspect-1")
  String instanceId();

  /**
   * How long a stop may take: the batch in flight finishes and commits within it. Default 10 s.
   *
   * @return the timeout
   */
  @WithDefault("10s")
  Duration shutdownTimeout();

  /**
   * Largest value copied to the dead-letter topic; a larger one is replaced by an empty value and a
   * {@code value-dropped} header. Default 1,000,000 bytes, under the broker's default record limit.
   *
   * @return the byte count
   */
  @WithDefault("1000000")
  int dlqMaxValueBytes();
}
