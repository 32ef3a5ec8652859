package io.flowspect.service.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.KafkaConnection;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.support.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application pointed at a Kafka cluster ({@code kafka.bootstrap.servers}): it starts no broker
 * of its own and no demo producer, even with the demo enabled, since the input topic belongs to
 * real cameras.
 */
@QuarkusTest
@TestProfile(DemoWithClusterTest.WithCluster.class)
class DemoWithClusterTest {

  /** A broker outside the application, standing in for a production cluster. */
  public static final class WithCluster implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ClusterResource.class));
    }
  }

  /** The cluster's life follows the application's. */
  public static final class ClusterResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafka cluster;

    @Override
    public Map<String, String> start() {
      cluster = EmbeddedKafka.start();
      return Map.of(
          "kafka.bootstrap.servers", cluster.bootstrapServers(), "flowspect.demo.enabled", "true");
    }

    @Override
    public void stop() {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Inject KafkaConnection kafka;
  @Inject DemoService demo;

  @Test
  void shouldStartNeitherABrokerNorTheDemoWithAConfiguredCluster() throws Exception {
    assertThat(kafka.isEmbedded()).isFalse();
    assertThat(demo.isRunning()).isFalse();
    Thread.sleep(1000);
    assertThat(
            new KafkaTestClient(kafka.bootstrapServers())
                .readAll(Topics.IMAGES, false, l -> true, Duration.ofMillis(500)))
        .isEmpty();
    assertThat(demo.sent()).isZero();
  }
}
