package io.flowspect.service.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
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
    Map<String, Object> props = new HashMap<>(clientProperties);
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
      awaitWritable(admin, missing.stream().map(NewTopic::name).toList(), timeout);
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
   * Waits until the leader of every partition of the new topics answers a ListOffsets request.
   *
   * <p>Why not wait for a leader in the metadata: a broker publishes a new partition's leader in
   * its metadata before its replica manager takes the partition on, and in between it answers
   * produce requests with NOT_LEADER_OR_FOLLOWER. An idempotent producer with several requests in
   * flight then has its first batch refused and a later one appended; a broker before Kafka 4.5
   * accepts any first sequence from a producer it has no state for (KAFKA-15591), so every retry of
   * the first batch fails with OUT_OF_ORDER_SEQUENCE_NUMBER until it expires, and its records are
   * lost (27 of 200 images once in this suite). ListOffsets is answered by the same replica
   * manager, as leader only: once it answers, a produce request will be accepted.
   */
  private static void awaitWritable(Admin admin, List<String> topics, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .forEach(
                (name, d) ->
                    d.partitions()
                        .forEach(
                            p ->
                                partitions.put(
                                    new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        // The broker does not know the new topics yet, or does not lead their partitions yet.
        if (!(e.getCause() instanceof RetriableException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "partitions of " + topics + " do not take writes after " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
