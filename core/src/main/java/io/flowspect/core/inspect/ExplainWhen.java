package io.flowspect.core.inspect;

/** Which judged images an {@link Inspector} explains (one more model pass for some maps). */
public enum ExplainWhen {
  /** None: scores and decisions only (the CLI). */
  NEVER,
  /** The anomalous ones, as alerts need (the Kafka pipeline). */
  ANOMALOUS,
  /** Every one, as an answer to a single request does (REST). */
  ALWAYS
}
