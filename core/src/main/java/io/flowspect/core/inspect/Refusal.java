package io.flowspect.core.inspect;

/**
 * Why an image was not judged. Each channel maps these onto its own answer: a dead-letter reason on
 * Kafka, an HTTP status on REST, an error line in the CLI.
 */
public enum Refusal {
  /** The decoded image cannot be converted to the model input (its channels, say). */
  NOT_CONVERTIBLE,
  /** A conditional model got an image without a class and has no default class. */
  NO_CONDITION,
  /** A conditional model got an image under a class it does not know. */
  UNKNOWN_CONDITION,
  /** The model call failed for this image alone (retried on its own after its batch failed). */
  SCORING_FAILED
}
