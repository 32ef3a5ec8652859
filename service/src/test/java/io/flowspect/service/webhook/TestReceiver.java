package io.flowspect.service.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records every request and
 * answers as told. It can be taken down (connections refused) and brought up again on the same
 * port.
 */
final class TestReceiver implements AutoCloseable {

  /**
   * A request as received.
   *
   * @param body the raw body
   * @param signature {@code X-Flowspect-Signature}
   * @param idempotencyKey {@code Idempotency-Key}
   * @param attempt {@code X-Flowspect-Attempt}
   * @param contentType {@code Content-Type}
   * @param status the status answered (0 when the client had gone before the answer)
   */
  record Request(
      byte[] body,
      String signature,
      String idempotencyKey,
      int attempt,
      String contentType,
      int status) {}

  /** How to answer a request. */
  @FunctionalInterface
  interface Responder {
    /**
     * Picks the answer.
     *
     * @param idempotencyKey the request's key
     * @param seenBefore requests with this key received before this one
     * @return the status to answer
     */
    int status(String idempotencyKey, int seenBefore);
  }

  private final int port;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private volatile Responder responder = (key, n) -> 200;
  private volatile long delayMillis;
  private volatile Consumer<Integer> onArrival = n -> {};
  private final AtomicInteger arrivals = new AtomicInteger();
  private HttpServer server;
  private ExecutorService executor;

  private TestReceiver(int port) {
    this.port = port;
  }

  /**
   * Returns a receiver on a free port, down.
   *
   * @return the receiver; call {@link #up()}
   */
  static TestReceiver onFreePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new TestReceiver(s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port + "/hooks/flowspect?token=not-in-logs");
  }

  /** Starts accepting connections. */
  synchronized TestReceiver up() {
    if (server != null) {
      return this;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/hooks/flowspect", this::handle);
    server.start();
    return this;
  }

  /** Stops accepting connections: clients get "connection refused". */
  synchronized void down() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  void respond(Responder r) {
    this.responder = r;
  }

  void delay(long millis) {
    this.delayMillis = millis;
  }

  /** Called with the 1-based arrival number of each request, before it is answered. */
  void onArrival(Consumer<Integer> hook) {
    this.onArrival = hook;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests answered with a 2xx. */
  List<Request> accepted() {
    return requests.stream().filter(r -> r.status() >= 200 && r.status() < 300).toList();
  }

  /** Distinct idempotency keys answered with a 2xx. */
  Set<String> acceptedKeys() {
    return accepted().stream().map(Request::idempotencyKey).collect(Collectors.toSet());
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    var h = exchange.getRequestHeaders();
    String key = h.getFirst("Idempotency-Key");
    int before =
        seen.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).getAndIncrement();
    onArrival.accept(arrivals.incrementAndGet());
    int status = responder.status(key, before);
    long delay = delayMillis;
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String attempt = h.getFirst("X-Flowspect-Attempt");
    Request request =
        new Request(
            body,
            h.getFirst("X-Flowspect-Signature"),
            key,
            attempt == null ? 0 : Integer.parseInt(attempt),
            h.getFirst("Content-Type"),
            status);
    try {
      exchange.sendResponseHeaders(status, -1);
      requests.add(request);
    } catch (IOException e) {
      // The client timed out and left: the request counts as received but unanswered.
      requests.add(
          new Request(body, request.signature(), key, request.attempt(), request.contentType(), 0));
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    down();
  }
}
