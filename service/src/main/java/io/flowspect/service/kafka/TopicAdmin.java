package io.flowspect.service.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Creates missing topics before the pipeline starts.
 *
 * <p>Why not rely on broker auto-creation: a transactional producer writing to a topic that does
 * not exist yet stalls its first commit while the broker creates it, and auto-created topics get
 * the broker's defaults rather than the partitions and replicas the deployment asked for.
 */
public final class TopicAdmin {

  private static final Logger LOG = Logger.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * Creates each topic that does not exist; existing topics are left as they are.
   *
   * @param bootstrapServers the cluster
   * @param names the topics
   * @param partitions partitions of new topics, at least 1
   * @param replicationFactor replicas of new topics, at least 1
   * @param clientProperties extra admin client properties (security settings)
   * @param timeout how long to wait for the cluster
   * @throws IllegalStateException if the cluster cannot be reached or refuses the creation
   */
  public static void ensure(
      String bootstrapServers,
      Collection<String> names,
      int partitions,
      short replicationFactor,
      Map<String, String> clientProperties,
      Duration timeout) {
    if (partitions < 1 || replicationFactor < 1) {
      throw new IllegalArgumentException(
          "partitions and replication factor must be at least 1, got "
              + partitions
              + " and "
              + replicationFactor);
    }
    Map<String, Object> props = new java.util.HashMap<>(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(props)) {
      Set<String> existing =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : Set.copyOf(names)) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, partitions, replicationFactor));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeout);
      LOG.infof(
          "created topics %s (%d partitions, replication factor %d)",
          missing.stream().map(NewTopic::name).sorted().toList(), partitions, replicationFactor);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot create topics " + names + " on " + bootstrapServers + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + names, e);
    }
  }

  /**
   * Waits until every partition of new topics has a leader. Why: a producer that writes the moment
   * the creation returns can hit a partition whose leader is not elected yet; its first batch fails
   * with NOT_LEADER_OR_FOLLOWER while later batches are already in flight, and an idempotent
   * producer can then be stuck retrying an out-of-order sequence for good (seen in the test suite
   * on a loaded machine).
   */
  private static void awaitLeaders(Admin admin, List<String> topics, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin
                .describeTopics(topics)
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean led =
            described.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (led && described.keySet().containsAll(topics)) {
          return;
        }
      } catch (ExecutionException e) {
        // The broker's metadata may not know the new topics yet: ask again.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " have no leader after " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
