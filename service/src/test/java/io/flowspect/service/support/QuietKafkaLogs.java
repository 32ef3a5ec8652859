package io.flowspect.service.support;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the embedded broker's INFO chatter down to warnings in plain JUnit tests (Quarkus tests do
 * it through application.properties).
 */
public final class QuietKafkaLogs {

  /** Held so that the configured loggers are not garbage-collected with their levels. */
  private static final List<Logger> LOGGERS =
      List.of(
          Logger.getLogger("org.apache.kafka"),
          Logger.getLogger("kafka"),
          Logger.getLogger("state.change.logger"));

  private QuietKafkaLogs() {}

  /** Sets the Kafka loggers to WARNING. */
  public static void apply() {
    LOGGERS.forEach(l -> l.setLevel(Level.WARNING));
  }
}
