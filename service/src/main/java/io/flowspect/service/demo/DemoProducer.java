package io.flowspect.service.demo;

import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.OrderedWrites;
import io.flowspect.service.lifecycle.DaemonThreads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Sends a {@link DemoStream} to the input topic at a fixed rate, on a thread of its own, as a line
 * camera would: one record per image, keyed by line, with the contract's headers and {@code
 * captured-at} stamped when the image is sent.
 *
 * <p>The rate is kept on average: a send that falls behind (a slow broker, a paused JVM) is caught
 * up without bursts beyond one second's worth. Sends are asynchronous; failures are counted and
 * logged, never retried by hand (the producer retries by itself).
 *
 * <p>Thread-safe: start, stop and counters may be called from any thread.
 */
public final class DemoProducer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DemoProducer.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final String bootstrapServers;
  private final String topic;
  private final DemoStream stream;
  private final double rate;
  private final Map<String, String> overrides;
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean running;
  private boolean started;

  /**
   * Creates a producer; {@link #start()} runs it.
   *
   * @param bootstrapServers the cluster
   * @param topic the input topic
   * @param stream the images
   * @param rate images per second, above 0
   * @param overrides extra producer properties (security settings)
   */
  public DemoProducer(
      String bootstrapServers,
      String topic,
      DemoStream stream,
      double rate,
      Map<String, String> overrides) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          "flowspect.demo.rate must be a positive number of images per second, got " + rate);
    }
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.stream = stream;
    this.rate = rate;
    this.overrides = Map.copyOf(overrides);
    this.thread = DaemonThreads.named("flowspect-demo-producer").newThread(this::run);
  }

  /** Starts the sending thread. Call once. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the demo producer was already started");
    }
    started = true;
    running = true;
    thread.start();
  }

  /**
   * Stops sending; records already handed to the client are flushed within the timeout.
   *
   * @param timeout how long to wait
   * @return true if the thread ended within the timeout
   */
  public boolean stop(Duration timeout) {
    running = false;
    synchronized (this) {
      if (!started) {
        return true;
      }
    }
    thread.interrupt();
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /**
   * Returns the number of records the broker acknowledged.
   *
   * @return the count
   */
  public long sent() {
    return sent.get();
  }

  /**
   * Returns the number of records the client gave up on.
   *
   * @return the count
   */
  public long failed() {
    return failed.get();
  }

  /**
   * Tells whether the thread runs.
   *
   * @return true between start and stop
   */
  public boolean isAlive() {
    return thread.isAlive();
  }

  @Override
  public void close() {
    stop(CLOSE_TIMEOUT.multipliedBy(2));
  }

  private void run() {
    Map<String, Object> p = OrderedWrites.apply(new HashMap<>());
    p.putAll(overrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "flowspect-demo");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    KafkaProducer<byte[], byte[]> producer = null;
    try {
      producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
      send(producer);
    } catch (RuntimeException e) {
      if (running) {
        LOG.errorf(e, "the demo producer failed after %d images; the demo stops", sent.get());
      }
    } finally {
      // A stop interrupts the sleep (or a blocked send): clear the flag so that close can flush.
      Thread.interrupted();
      if (producer != null) {
        producer.close(CLOSE_TIMEOUT);
      }
    }
    LOG.infof("demo producer stopped: %d images sent, %d failed", sent.get(), failed.get());
  }

  private void send(KafkaProducer<byte[], byte[]> producer) {
    double periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    long n = 0;
    while (running) {
      long wait;
      try {
        wait = Pacing.sleepUntil(start + (long) (n * periodNanos));
      } catch (InterruptedException e) {
        return;
      }
      if (-wait > TimeUnit.SECONDS.toNanos(1)) {
        // Far behind (a pause, a slow broker): start counting again from now instead of bursting.
        start = System.nanoTime();
        n = 0;
      }
      DemoImage image = stream.next();
      RecordHeaders headers = new RecordHeaders();
      image.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
      headers.add(
          ImageHeaders.CAPTURED_AT,
          Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
      producer.send(
          new ProducerRecord<>(
              topic, null, image.line().getBytes(StandardCharsets.UTF_8), image.value(), headers),
          (metadata, e) -> {
            if (e == null) {
              sent.incrementAndGet();
            } else if (failed.getAndIncrement() == 0) {
              LOG.warnf("the demo producer could not send %s: %s", image.id(), e.toString());
            }
          });
      n++;
    }
  }
}
