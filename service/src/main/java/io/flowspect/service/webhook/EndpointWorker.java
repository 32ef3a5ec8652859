package io.flowspect.service.webhook;

import io.flowspect.service.kafka.OrderedWrites;
import io.flowspect.service.kafka.RestartingLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Delivers the alert topic to one endpoint, on a thread of its own, with a consumer group of its
 * own: each endpoint keeps its own position, so a slow or broken receiver delays nobody else and
 * every endpoint gets every alert.
 *
 * <p><b>One alert at a time, in order</b>: the consumer hands out one record per poll; the record's
 * offset is committed only after a 2xx answer, or after the retry budget is spent and the alert's
 * dead letter is acknowledged by the broker. Until then the alert is only in memory, so a crash or
 * a stop redelivers it (with the same idempotency key) from the committed offset.
 *
 * <p><b>Waiting without leaving the group</b>: while an alert is in hand (a request, a back-off, an
 * open circuit) the assigned partitions are paused and the consumer is polled about once a second,
 * so it never exceeds {@code max.poll.interval.ms} however long an outage lasts, and it notices a
 * rebalance: if the alert's partition moved to another instance the alert is dropped uncommitted,
 * for its new owner to deliver.
 *
 * <p><b>Stopping</b>: {@link #stop} lets a request in flight finish (at most the endpoint's
 * timeout) and commits it if it succeeded; back-off waits end at once. {@link #halt} drops
 * everything as a killed process would.
 */
final class EndpointWorker extends RestartingLoop {

  private static final Logger LOG = Logger.getLogger(EndpointWorker.class);

  /** Longest poll while idle, so that a stop is noticed quickly. */
  private static final Duration POLL_SLICE = Duration.ofMillis(100);

  /** How often a consumer holding an alert is polled (paused) to stay in its group. */
  private static final long KEEPALIVE_NANOS = Duration.ofSeconds(1).toNanos();

  /** Granularity of waits. */
  private static final long TICK_MILLIS = 20;

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DLQ_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FIRST_SESSION_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_SESSION_BACKOFF = Duration.ofSeconds(30);

  private final WebhookOptions options;
  private final WebhookEndpoint endpoint;
  private final WebhookClient client;
  private final CircuitBreaker breaker;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();

  EndpointWorker(
      WebhookOptions options,
      WebhookEndpoint endpoint,
      DeliveryMetrics metrics,
      Ticker ticker,
      Clock clock) {
    super("flowspect-webhook-" + endpoint.name(), FIRST_SESSION_BACKOFF, MAX_SESSION_BACKOFF);
    this.options = options;
    this.endpoint = endpoint;
    this.client = new WebhookClient(endpoint);
    this.breaker = new CircuitBreaker(options.breaker(), ticker);
    this.metrics = metrics;
    this.clock = clock;
  }

  WebhookEndpoint endpoint() {
    return endpoint;
  }

  CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  void start() {
    startLoop("webhook worker");
  }

  /** Asks the loop to end after the request in flight, if any; {@link #join} waits for it. */
  void requestStop() {
    running = false;
  }

  /** Asks the loop to end now, committing nothing more; {@link #join} waits for it. */
  void requestHalt() {
    halting = true;
    running = false;
  }

  WebhookStats stats() {
    return new WebhookStats(
        delivered.get(), failedAttempts.get(), deadLettered.get(), breaker.opens(), restarts.get());
  }

  @Override
  protected void starting() {
    LOG.infof(
        "delivering %s to webhook %s (%s) as consumer group %s",
        options.alertsTopic(), endpoint.name(), endpoint.safeUrl(), options.groupId(endpoint));
  }

  @Override
  protected boolean fenced(RuntimeException e) {
    if (!(e instanceof FencedInstanceIdException)) {
      return false;
    }
    LOG.errorf(
        "another instance with instance id %s took over webhook %s (%s); this one stops",
        options.instanceId(), endpoint.name(), e.getMessage());
    return true;
  }

  @Override
  protected void restarting(RuntimeException e, Duration backoff) {
    LOG.warnf(
        e,
        "webhook %s: Kafka session failed; undelivered alerts are redelivered from the committed"
            + " offset in %d ms",
        endpoint.name(),
        backoff.toMillis());
  }

  @Override
  protected void stopped() {
    LOG.infof("webhook %s stopped: %s", endpoint.name(), stats());
  }

  /**
   * Runs one session with fresh clients until stopped.
   *
   * @return true if at least one alert was committed
   */
  @Override
  protected boolean session() {
    KafkaConsumer<byte[], byte[]> consumer = consumer();
    KafkaProducer<byte[], byte[]> producer = null;
    boolean committed = false;
    try {
      producer = producer();
      consumer.subscribe(List.of(options.alertsTopic()));
      while (running) {
        for (ConsumerRecord<byte[], byte[]> alert : consumer.poll(POLL_SLICE)) {
          TopicPartition tp = new TopicPartition(alert.topic(), alert.partition());
          Result result = deliver(alert, tp, consumer);
          if (result == null) {
            // Abandoned (stop, crash or rebalance): the committed offset still points at it.
            if (!halting && consumer.assignment().contains(tp)) {
              consumer.seek(tp, alert.offset());
            }
            break;
          }
          if (result.deadLetter() != null) {
            sendDeadLetter(producer, result);
          }
          consumer.commitSync(
              Map.of(tp, new OffsetAndMetadata(alert.offset() + 1, alert.leaderEpoch(), "")));
          committed = true;
          if (result.deadLetter() != null) {
            deadLettered.incrementAndGet();
            metrics.record(endpoint.name(), DeliveryOutcome.DEAD_LETTER);
          } else {
            delivered.incrementAndGet();
          }
        }
      }
      return committed;
    } finally {
      if (halting) {
        // As a killed process: nothing more is sent or committed, the group is not left.
        if (producer != null) {
          producer.close(Duration.ZERO);
        }
        consumer.close(Duration.ZERO);
      } else {
        try {
          if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
          }
        } finally {
          consumer.close(CLOSE_TIMEOUT);
        }
      }
    }
  }

  /**
   * What became of an alert that will be committed.
   *
   * @param deadLetter the record for the alert dead-letter topic; null when delivered
   */
  private record Result(ProducerRecord<byte[], byte[]> deadLetter) {}

  /**
   * Delivers one alert: attempts until a 2xx or the retry budget, waiting out back-offs and the
   * open circuit.
   *
   * @return the result, or null when the alert was abandoned (stop, crash, partition revoked)
   */
  private Result deliver(
      ConsumerRecord<byte[], byte[]> alert, TopicPartition tp, KafkaConsumer<byte[], byte[]> c) {
    AlertIdentity identity = AlertIdentity.of(alert);
    String key = identity.idempotencyKey(endpoint.name());
    if (alert.value() == null) {
      LOG.warnf(
          "webhook %s: the alert record at %s-%d@%d has no value; it goes to %s",
          endpoint.name(), alert.topic(), alert.partition(), alert.offset(), options.dlqTopic());
      return deadLetter(alert, AlertDeadLetters.EMPTY, "the alert record has no value", 0, 0, key);
    }
    c.pause(c.assignment());
    try {
      int attempts = 0;
      while (true) {
        while (running && !breaker.tryAcquire()) {
          Duration wait = breaker.remainingCoolDown();
          if (!idle(c, tp, wait.isZero() ? Duration.ofMillis(TICK_MILLIS) : wait)) {
            return null;
          }
        }
        if (!running) {
          return null;
        }
        attempts++;
        CompletableFuture<Attempt> request = client.post(alert.value(), key, attempts);
        Attempt attempt = await(request, c);
        if (attempt == null) {
          request.cancel(true);
          return null;
        }
        metrics.record(endpoint.name(), attempt.outcome());
        if (attempt.succeeded()) {
          boolean wasDown = breaker.state() != CircuitBreaker.State.CLOSED;
          breaker.onSuccess();
          if (wasDown && breaker.state() == CircuitBreaker.State.CLOSED) {
            LOG.infof("webhook %s answers again: circuit closed", endpoint.name());
          }
          return new Result(null);
        }
        failedAttempts.incrementAndGet();
        long opensBefore = breaker.opens();
        breaker.onFailure();
        LOG.debugf(
            "webhook %s: attempt %d for alert %s failed: %s",
            endpoint.name(), attempts, identity.imageId(), attempt.detail());
        if (breaker.opens() > opensBefore) {
          LOG.warnf(
              "webhook %s (%s) is failing (%s): circuit open, next try in %d ms",
              endpoint.name(),
              endpoint.safeUrl(),
              attempt.detail(),
              options.breaker().coolDown().toMillis());
        }
        if (attempts >= options.retry().maxAttempts()) {
          String message =
              attempt.detail()
                  + " from webhook "
                  + endpoint.name()
                  + " after "
                  + attempts
                  + (attempts == 1 ? " attempt" : " attempts");
          LOG.warnf(
              "webhook %s: alert %s not delivered (%s); it goes to %s",
              endpoint.name(), identity.imageId(), message, options.dlqTopic());
          return deadLetter(
              alert, attempt.outcome().name(), message, attempts, attempt.status(), key);
        }
        Duration wait = options.retry().delay(attempts, ThreadLocalRandom.current().nextDouble());
        if (attempt.retryAfter().isPresent()) {
          Duration asked = attempt.retryAfter().get();
          Duration capped =
              asked.compareTo(options.retry().backoffMax()) > 0
                  ? options.retry().backoffMax()
                  : asked;
          wait = capped.compareTo(wait) > 0 ? capped : wait;
        }
        if (!idle(c, tp, wait)) {
          return null;
        }
      }
    } finally {
      if (!halting) {
        c.resume(c.paused());
      }
    }
  }

  private Result deadLetter(
      ConsumerRecord<byte[], byte[]> alert,
      String reason,
      String message,
      int attempts,
      int status,
      String key) {
    return new Result(
        AlertDeadLetters.of(
            alert,
            endpoint,
            reason,
            message,
            attempts,
            status,
            key,
            options.dlqTopic(),
            clock.instant()));
  }

  private void sendDeadLetter(KafkaProducer<byte[], byte[]> producer, Result result) {
    try {
      producer.send(result.deadLetter()).get(DLQ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new KafkaException(
          "cannot write to " + options.dlqTopic() + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing to " + options.dlqTopic(), e);
    }
  }

  /**
   * Waits for a request's result, polling the paused consumer now and then. A stop lets the request
   * finish; a crash abandons it. A request that outlives twice its timeout (a receiver that sends
   * headers, then trickles the body) is given up as a timeout.
   *
   * @return the result, or null on a crash
   */
  private Attempt await(CompletableFuture<Attempt> request, KafkaConsumer<byte[], byte[]> c) {
    long start = System.nanoTime();
    long giveUp = endpoint.timeout().multipliedBy(2).plusSeconds(1).toNanos();
    long nextPoll = start + KEEPALIVE_NANOS;
    while (!halting) {
      try {
        return request.get(TICK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long now = System.nanoTime();
        if (now - start > giveUp) {
          request.cancel(true);
          return new Attempt(
              DeliveryOutcome.TIMEOUT,
              0,
              "no complete answer within " + giveUp / 1_000_000 + " ms",
              Optional.empty());
        }
        if (now >= nextPoll) {
          keepAlive(c);
          nextPoll = now + KEEPALIVE_NANOS;
        }
      } catch (ExecutionException e) {
        // post() turns every failure into an Attempt; this is a bug, not the receiver's fault.
        throw new IllegalStateException("webhook request failed unexpectedly", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /**
   * Waits while holding an alert, polling the paused consumer now and then.
   *
   * @return false if the wait was cut short: a stop, a crash, or the alert's partition revoked
   */
  private boolean idle(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, Duration wait) {
    long end = System.nanoTime() + wait.toNanos();
    long nextPoll = System.nanoTime() + KEEPALIVE_NANOS;
    while (true) {
      if (!running) {
        return false;
      }
      long now = System.nanoTime();
      if (now >= nextPoll) {
        keepAlive(c);
        nextPoll = now + KEEPALIVE_NANOS;
        if (!c.assignment().contains(tp)) {
          LOG.infof(
              "webhook %s: partition %s moved to another instance; it delivers the alert in hand",
              endpoint.name(), tp);
          return false;
        }
      }
      if (now >= end) {
        return true;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(TICK_MILLIS, (end - now) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Polls with every assigned partition paused: keeps the group membership and runs rebalances.
   * Records of partitions assigned by a rebalance during the poll are sought back to, unread.
   */
  private static void keepAlive(KafkaConsumer<byte[], byte[]> c) {
    c.pause(c.assignment());
    Map<TopicPartition, Long> rewind = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(10))) {
      rewind.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
    }
    rewind.forEach(
        (tp, offset) -> {
          if (c.assignment().contains(tp)) {
            c.seek(tp, offset);
          }
        });
    c.pause(c.assignment());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, options.instanceId() + "-webhook-" + endpoint.name());
    p.putAll(options.consumerOverrides());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId(endpoint));
    // Static membership: a restarted instance gets its partitions back at once.
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, options.instanceId());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.startFrom().offsetReset());
    // Offsets are committed after delivery, never on a timer.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Alerts of an aborted scoring batch were never decided: they are not sent.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = OrderedWrites.apply(new HashMap<>());
    p.put(
        ProducerConfig.CLIENT_ID_CONFIG, options.instanceId() + "-webhook-dlq-" + endpoint.name());
    p.putAll(options.producerOverrides());
    p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
