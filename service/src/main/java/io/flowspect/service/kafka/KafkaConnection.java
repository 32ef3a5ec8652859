package io.flowspect.service.kafka;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Kafka cluster the service talks to: {@code kafka.bootstrap.servers} when it is set, else an
 * {@link EmbeddedKafka} broker started here and stopped when the application stops (after the
 * pipeline, which observes the shutdown event first).
 *
 * <p>Creates the service's topics at start-up when {@link KafkaSettings#createTopics()} is on.
 */
@Startup
@ApplicationScoped
public class KafkaConnection {

  private static final Logger LOG = Logger.getLogger(KafkaConnection.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedKafka embedded;
  private final String bootstrapServers;
  private final KafkaSettings settings;

  /**
   * Connects, starting the embedded broker when no cluster is configured.
   *
   * @param configured {@code kafka.bootstrap.servers}
   * @param settings embedded broker and topic creation settings
   * @param topics the topic names
   */
  public KafkaConnection(
      @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> configured,
      KafkaSettings settings,
      TopicSettings topics) {
    this.settings = settings;
    if (configured.filter(s -> !s.isBlank()).isPresent()) {
      this.embedded = null;
      this.bootstrapServers = configured.get();
      LOG.infof("using the Kafka cluster at %s", bootstrapServers);
    } else {
      this.embedded = EmbeddedKafka.start(settings.embeddedDataDir(), settings.embeddedPort());
      this.bootstrapServers = embedded.bootstrapServers();
    }
    if (settings.createTopics()) {
      TopicAdmin.ensure(
          bootstrapServers,
          topics.toTopics().all(),
          settings.partitions(),
          embedded != null ? 1 : settings.replicationFactor(),
          adminProperties(),
          ADMIN_TIMEOUT);
    }
  }

  /**
   * Returns the address of the cluster.
   *
   * @return {@code host:port[,host:port...]}
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Tells whether this service runs its own broker.
   *
   * @return true when {@code kafka.bootstrap.servers} is not set
   */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /**
   * Returns the settings, for clients created elsewhere.
   *
   * @return the settings
   */
  public KafkaSettings settings() {
    return settings;
  }

  /**
   * Returns the security settings an admin client needs: the consumer overrides named {@code
   * security.*}, {@code sasl.*} and {@code ssl.*}.
   *
   * @return property name to value
   */
  public Map<String, String> adminProperties() {
    Map<String, String> p = new HashMap<>(settings.consumer());
    p.keySet()
        .removeIf(
            k -> !k.startsWith("security.") && !k.startsWith("sasl.") && !k.startsWith("ssl."));
    return p;
  }

  @PreDestroy
  void stop() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
