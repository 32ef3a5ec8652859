package io.flowspect.service.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How the service reaches Kafka ({@code flowspect.kafka.*}).
 *
 * <p>The broker address itself is the conventional {@code kafka.bootstrap.servers}: when it is not
 * set the service starts an {@link EmbeddedKafka} broker, so that {@code ./flowspect serve} works
 * on a machine with nothing else installed, and switches to a real cluster with one property.
 */
@ConfigMapping(prefix = "flowspect.kafka")
public interface KafkaSettings {

  /**
   * Folder of the embedded broker's log, kept across restarts; without it a temporary folder is
   * used and deleted at shutdown. Ignored when {@code kafka.bootstrap.servers} is set.
   *
   * @return the data folder
   */
  Optional<Path> embeddedDataDir();

  /**
   * Client port of the embedded broker on 127.0.0.1. Default 9092, the port every Kafka tool
   * assumes; 0 picks a free port (tests).
   *
   * @return the port
   */
  @WithDefault("9092")
  int embeddedPort();

  /**
   * Whether missing topics are created at start-up (with {@link #partitions()} partitions and
   * {@link #replicationFactor()} replicas). On by default: the embedded broker starts empty.
   *
   * @return true to create missing topics
   */
  @WithDefault("true")
  boolean createTopics();

  /**
   * Partitions of created topics. Default 1: one instance scores every line in order; more
   * partitions let more instances share the load.
   *
   * @return the partition count
   */
  @WithDefault("1")
  int partitions();

  /**
   * Replicas of created topics. Default 1, the only value a single embedded broker accepts; use 3
   * on a production cluster.
   *
   * @return the replication factor
   */
  @WithDefault("1")
  short replicationFactor();

  /**
   * Extra consumer properties, passed as they are (e.g. {@code
   * flowspect.kafka.consumer."security.protocol"=SSL}); they override the service's own, except the
   * delivery guarantees (isolation level, auto commit) that the pipeline needs.
   *
   * @return property name to value
   */
  Map<String, String> consumer();

  /**
   * Extra producer properties, passed as they are; they override the service's own, except the
   * transactional settings.
   *
   * @return property name to value
   */
  Map<String, String> producer();
}
