package io.flowspect.service.health;

import io.flowspect.service.kafka.KafkaConnection;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks the cluster for its brokers: Kafka is reachable when at least one answers within {@link
 * #TIMEOUT}. One admin client, created on first use and kept (a probe every few seconds must not
 * open a connection each time). Thread-safe.
 */
@ApplicationScoped
public class KafkaProbe {

  /** How long a probe waits for the cluster; health endpoints must answer quickly. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final KafkaConnection kafka;
  private Admin admin;
  private boolean closed;

  /**
   * Creates the probe.
   *
   * @param kafka the cluster
   */
  public KafkaProbe(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  /**
   * Probes the cluster.
   *
   * @return the number of brokers that answered, at least 1
   * @throws IllegalStateException with the reason when no broker answered in time
   */
  public int brokers() {
    try {
      return admin()
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .nodes()
          .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
          .size();
    } catch (ExecutionException e) {
      throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + TIMEOUT.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("the application is stopping");
    }
    if (admin == null) {
      Map<String, Object> p = new HashMap<>(kafka.adminProperties());
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(AdminClientConfig.CLIENT_ID_CONFIG, "flowspect-health");
      p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      admin = Admin.create(p);
    }
    return admin;
  }

  /** Closes the client when the application stops, before an embedded broker goes away. */
  synchronized void close(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
    closed = true;
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }
}
