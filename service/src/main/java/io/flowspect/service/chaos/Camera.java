package io.flowspect.service.chaos;

import io.flowspect.service.demo.DemoSamples;
import io.flowspect.service.demo.DemoStream;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.kafka.OrderedWrites;
import io.flowspect.service.lifecycle.DaemonThreads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Stands in for a line's cameras: sends the bundled Fashion-MNIST images as PNG, with the
 * contract's headers and a unique image id each, at a steady rate, on its own thread. An image
 * counts as sent once the broker acknowledged it ({@code acks=all}); a send the client gives up on
 * is counted apart and not expected downstream.
 */
final class Camera implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final int rate;
  private final List<byte[]> pngs = new ArrayList<>();
  private final List<byte[]> digits = new ArrayList<>();
  private final int digitEvery;
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private long next;

  /**
   * Starts sending.
   *
   * @param bootstrapServers the broker
   * @param topic the images topic
   * @param rate images per second
   */
  Camera(String bootstrapServers, String topic, int rate) {
    this(bootstrapServers, topic, rate, 0);
  }

  /**
   * Starts sending, with some MNIST digits among the garments: anomalies, so that alerts flow.
   *
   * @param bootstrapServers the broker
   * @param topic the images topic
   * @param rate images per second
   * @param digitEvery every this many images one is a digit (0: none)
   */
  Camera(String bootstrapServers, String topic, int rate, int digitEvery) {
    this.topic = topic;
    this.rate = rate;
    DemoSamples samples = DemoSamples.bundled();
    for (int i = 0; i < samples.fashion().count(); i++) {
      pngs.add(
          DemoStream.png(
              samples.fashionPixels(i), samples.fashion().cols(), samples.fashion().rows()));
    }
    for (int i = 0; i < samples.digits().count(); i++) {
      digits.add(
          DemoStream.png(samples.digitPixels(i), samples.digits().cols(), samples.digits().rows()));
    }
    this.digitEvery = digitEvery;
    Map<String, Object> p = OrderedWrites.apply(new HashMap<>());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "flowspect-chaos-camera");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Through a broker restart the client keeps retrying rather than giving images up.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.thread = DaemonThreads.named("flowspect-chaos-camera").newThread(this::run);
    thread.start();
  }

  private void run() {
    long start = System.nanoTime();
    while (running) {
      // Images due by now at the rate; a stall (a blocked send) is caught up at once.
      long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
      while (running && next < due) {
        send(next++);
      }
      Chaos.pause(Duration.ofMillis(10));
    }
  }

  private void send(long n) {
    String id = "chaos-" + n;
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            topic,
            ("line-" + (n % 6)).getBytes(StandardCharsets.UTF_8),
            digitEvery > 0 && n % digitEvery == 0
                ? digits.get((int) (n / digitEvery % digits.size()))
                : pngs.get((int) (n % pngs.size())));
    r.headers().add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
    r.headers().add(ImageHeaders.CONTENT_TYPE, "image/png".getBytes(StandardCharsets.UTF_8));
    r.headers()
        .add(ImageHeaders.CAPTURED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
    producer.send(
        r,
        (metadata, e) -> {
          if (e == null) {
            acked.add(id);
          } else {
            failed.incrementAndGet();
          }
        });
  }

  /** Stops sending and waits until every send in flight is acknowledged or given up. */
  @Override
  public void close() {
    running = false;
    Chaos.join(thread);
    producer.flush();
    producer.close(Duration.ofSeconds(30));
  }

  /** The ids the broker acknowledged. */
  Set<String> acked() {
    return acked;
  }

  /** Sends the client gave up on. */
  long failed() {
    return failed.get();
  }
}
