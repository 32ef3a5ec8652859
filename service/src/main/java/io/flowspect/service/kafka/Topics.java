package io.flowspect.service.kafka;

import java.util.List;

/**
 * The topic names the scoring pipeline reads and writes.
 *
 * @param images input: encoded images or raw pixels, key = line id
 * @param scores one JSON record per scored image
 * @param alerts one JSON record per anomalous image
 * @param dlq refused inputs, original key and bytes, the reason in headers
 */
public record Topics(String images, String scores, String alerts, String dlq) {

  /** Default input topic. */
  public static final String IMAGES = "flowspect.images";

  /** Default score topic. */
  public static final String SCORES = "flowspect.scores";

  /** Default alert topic. */
  public static final String ALERTS = "flowspect.alerts";

  /** Default dead-letter topic. */
  public static final String DLQ = "flowspect.dlq";

  /** Checks that every name is set and that the input is not also an output. */
  public Topics {
    for (String name : new String[] {images, scores, alerts, dlq}) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            "topic names must not be blank, got images="
                + images
                + ", scores="
                + scores
                + ", alerts="
                + alerts
                + ", dlq="
                + dlq);
      }
    }
    if (List.of(scores, alerts, dlq).contains(images)) {
      throw new IllegalArgumentException(
          "the input topic " + images + " must not also be an output topic");
    }
  }

  /**
   * Returns the default names.
   *
   * @return flowspect.images, flowspect.scores, flowspect.alerts, flowspect.dlq
   */
  public static Topics defaults() {
    return new Topics(IMAGES, SCORES, ALERTS, DLQ);
  }

  /**
   * Returns every topic, input first.
   *
   * @return the four names
   */
  public List<String> all() {
    return List.of(images, scores, alerts, dlq);
  }
}
