package io.flowspect.service.pipeline;

/** The delivery guarantee of the scoring pipeline ({@code flowspect.pipeline.delivery}). */
public enum Delivery {
  /**
   * A Kafka transaction per batch carries its output records and its input offsets: consumers with
   * {@code isolation.level=read_committed} see each input's outputs exactly once, across crashes
   * and restarts. Costs one transaction commit per batch (a few milliseconds).
   */
  EXACTLY_ONCE,
  /**
   * Outputs are flushed, then the input offsets committed: nothing is lost, but a crash between the
   * two repeats the batch's outputs. No transaction; readers need no particular isolation.
   */
  AT_LEAST_ONCE
}
