package io.flowspect.service.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowspect.service.lifecycle.DaemonThreads;
import io.flowspect.service.output.OutputJson;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the score records a {@code read_committed} consumer sees, per image id, from the start of
 * the scores topic, on its own thread: what a downstream system of record would store. Also keeps
 * the longest time any one line went without a new record while images flowed, which is how long a
 * fault stopped that line (a replica's partitions stall while the others flow).
 */
final class Ledger implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();
  private final AtomicLong records = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private final Map<String, Long> lastByLine = new ConcurrentHashMap<>();
  private final String groupHeader;
  private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
  private final java.util.List<long[]> latencies =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private volatile long countingSince = System.nanoTime();
  private volatile long longestGapNanos;
  private volatile boolean gapsCounted;

  /**
   * Starts reading.
   *
   * @param bootstrapServers the broker
   * @param topic the scores topic, already created
   * @param partitions its partition count
   */
  Ledger(String bootstrapServers, String topic, int partitions) {
    this(bootstrapServers, topic, partitions, null);
  }

  /**
   * Starts reading, also grouping the image ids by a header's value.
   *
   * @param bootstrapServers the broker
   * @param topic the topic, already created
   * @param partitions its partition count
   * @param groupHeader the header to group by (e.g. the webhook endpoint of a dead letter), or null
   */
  Ledger(String bootstrapServers, String topic, int partitions, String groupHeader) {
    this.groupHeader = groupHeader;
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowspect-chaos-ledger");
    consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> all =
        java.util.stream.IntStream.range(0, partitions)
            .mapToObj(p -> new TopicPartition(topic, p))
            .toList();
    consumer.assign(all);
    consumer.seekToBeginning(all);
    thread = DaemonThreads.named("flowspect-chaos-ledger").newThread(this::run);
    thread.start();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        JsonNode record = read(r.value());
        String id = record.path("image_id").asText("unreadable");
        seen.merge(id, 1, Integer::sum);
        if (groupHeader != null && r.headers().lastHeader(groupHeader) != null) {
          String group =
              new String(
                  r.headers().lastHeader(groupHeader).value(),
                  java.nio.charset.StandardCharsets.UTF_8);
          groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(id);
        }
        records.incrementAndGet();
        long now = System.nanoTime();
        String line = record.path("line").asText("");
        JsonNode e2e = record.path("latency_ms").path("end_to_end");
        if (e2e.isNumber()) {
          latencies.add(new long[] {now, (long) (e2e.asDouble() * 1000)});
        }
        Long last = lastByLine.put(line, now);
        if (gapsCounted) {
          long since = last == null ? countingSince : Math.max(last, countingSince);
          longestGapNanos = Math.max(longestGapNanos, now - since);
        }
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  private static JsonNode read(byte[] value) {
    try {
      return OutputJson.mapper().readTree(value);
    } catch (IOException e) {
      return OutputJson.mapper().missingNode();
    }
  }

  /** Starts measuring gaps between records (once images flow steadily). */
  void countGaps() {
    countingSince = System.nanoTime();
    gapsCounted = true;
  }

  /** Stops measuring gaps (images stop flowing). */
  void stopCountingGaps() {
    gapsCounted = false;
  }

  /**
   * Waits until every expected id has a record, or the timeout passes.
   *
   * @param expected the ids sent
   * @param timeout the longest wait
   * @return true when all arrived
   */
  boolean awaitAll(Set<String> expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (seen.keySet().containsAll(expected)) {
        return true;
      }
      Chaos.pause(Duration.ofMillis(200));
    }
    return seen.keySet().containsAll(expected);
  }

  /**
   * Returns a percentile of the end-to-end latency of the records read in a time window.
   *
   * @param fromNanos window start, {@link System#nanoTime()} scale
   * @param toNanos window end
   * @param q the quantile, e.g. 0.99
   * @return milliseconds, or NaN when no record fell in the window
   */
  double latencyMillis(long fromNanos, long toNanos, double q) {
    long[] values;
    synchronized (latencies) {
      values =
          latencies.stream()
              .filter(l -> l[0] >= fromNanos && l[0] < toNanos)
              .mapToLong(l -> l[1])
              .sorted()
              .toArray();
    }
    if (values.length == 0) {
      return Double.NaN;
    }
    return values[Math.min(values.length - 1, (int) Math.ceil(q * values.length) - 1)] / 1000.0;
  }

  /** The image ids read so far. */
  Set<String> ids() {
    return seen.keySet();
  }

  /** The image ids of the records whose group header had this value. */
  Set<String> ids(String group) {
    return groups.getOrDefault(group, Set.of());
  }

  /** Ids sent but never scored. */
  long lost(Set<String> expected) {
    return expected.stream().filter(id -> !seen.containsKey(id)).count();
  }

  /** Records beyond the first for an image. */
  long duplicated() {
    return seen.values().stream().mapToLong(n -> n - 1).sum();
  }

  /** Score records read. */
  long records() {
    return records.get();
  }

  /** The longest time one line went without a new score record while gaps were counted. */
  Duration longestGap() {
    return Duration.ofNanos(longestGapNanos);
  }

  @Override
  public void close() {
    running = false;
    Chaos.join(thread);
  }
}
