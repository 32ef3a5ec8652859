package io.flowspect.service.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Delivers every alert of the alert topic to every configured endpoint: a signed JSON POST per
 * alert and endpoint, retried with exponential back-off behind a circuit breaker per endpoint,
 * committed only once answered with a 2xx or written to the alert dead-letter topic.
 *
 * <p>Each endpoint has its own thread and consumer group ({@link EndpointWorker}), so it keeps its
 * own position in the topic: a receiver that is down holds back only its own alerts, and picks up
 * where it stopped when it comes back, whichever instance or restart delivers them.
 *
 * <p>Delivery is at least once per endpoint: a crash between a receiver's 2xx and the offset commit
 * repeats that alert, with the same {@code Idempotency-Key}, which receivers use to drop repeats.
 *
 * <p>Thread-safe: start, stop and stats may be called from any thread.
 */
public final class WebhookDispatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

  private final WebhookOptions options;
  private final Map<String, EndpointWorker> workers = new LinkedHashMap<>();
  private boolean started;

  /**
   * Creates a dispatcher with the system clock; {@link #start()} runs it.
   *
   * @param options Kafka, topics, endpoints, retry and breaker policies
   * @param metrics where requests are counted
   */
  public WebhookDispatcher(WebhookOptions options, DeliveryMetrics metrics) {
    this(options, metrics, Ticker.system(), Clock.systemUTC());
  }

  /**
   * Creates a dispatcher.
   *
   * @param options Kafka, topics, endpoints, retry and breaker policies
   * @param metrics where requests are counted
   * @param ticker time of the circuit breakers
   * @param clock time written into dead letters
   */
  public WebhookDispatcher(
      WebhookOptions options, DeliveryMetrics metrics, Ticker ticker, Clock clock) {
    this.options = options;
    for (WebhookEndpoint endpoint : options.endpoints()) {
      workers.put(endpoint.name(), new EndpointWorker(options, endpoint, metrics, ticker, clock));
    }
  }

  /** Starts one thread per endpoint. Call once. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the webhook dispatcher was already started");
    }
    started = true;
    workers.values().forEach(EndpointWorker::start);
    LOG.infof(
        "webhooks: %s -> %s (up to %d attempts, back-off %d to %d ms; dead letters to %s)",
        options.alertsTopic(),
        List.copyOf(workers.keySet()),
        options.retry().maxAttempts(),
        options.retry().backoffBase().toMillis(),
        options.retry().backoffMax().toMillis(),
        options.dlqTopic());
  }

  /**
   * Stops gracefully: requests in flight finish (within their endpoint's timeout) and are committed
   * if they succeeded; alerts waiting for a retry stay uncommitted and are redelivered after a
   * restart.
   *
   * @param timeout how long to wait for every endpoint
   * @return true if every endpoint stopped within the timeout
   */
  public boolean stop(Duration timeout) {
    workers.values().forEach(EndpointWorker::requestStop);
    return joinAll(timeout);
  }

  /**
   * Stops as a killed process would: nothing more is committed, requests in flight are abandoned.
   * For crash tests.
   *
   * @param timeout how long to wait for the threads to end
   * @return true if every endpoint stopped within the timeout
   */
  boolean halt(Duration timeout) {
    workers.values().forEach(EndpointWorker::requestHalt);
    return joinAll(timeout);
  }

  private boolean joinAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (EndpointWorker w : workers.values()) {
      all &= w.join(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
    }
    return all;
  }

  /**
   * Returns the counters of every endpoint.
   *
   * @return endpoint name to counters, in configuration order
   */
  public Map<String, WebhookStats> stats() {
    Map<String, WebhookStats> out = new LinkedHashMap<>();
    workers.forEach((name, w) -> out.put(name, w.stats()));
    return out;
  }

  /**
   * Returns the state of an endpoint's circuit breaker.
   *
   * @param endpoint the endpoint's name
   * @return the state
   * @throws IllegalArgumentException if no endpoint has that name
   */
  public CircuitBreaker.State breakerState(String endpoint) {
    EndpointWorker w = workers.get(endpoint);
    if (w == null) {
      throw new IllegalArgumentException(
          "no webhook endpoint named " + endpoint + "; endpoints are " + workers.keySet());
    }
    return w.breakerState();
  }

  /**
   * Tells whether every endpoint's thread is running.
   *
   * @return true between start and stop, unless an endpoint was fenced by another instance
   */
  public boolean isAlive() {
    return started && workers.values().stream().allMatch(EndpointWorker::isAlive);
  }

  /** Stops gracefully within 15 s. */
  @Override
  public void close() {
    if (!stop(Duration.ofSeconds(15))) {
      LOG.warn("the webhook dispatcher did not stop within 15 s");
    }
  }
}
