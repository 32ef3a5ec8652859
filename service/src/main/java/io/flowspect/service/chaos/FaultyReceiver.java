package io.flowspect.service.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowspect.service.output.OutputJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on 127.0.0.1 that misbehaves in one way, and remembers what it was sent: for
 * each alert (by image id) the idempotency keys its requests carried and whether it answered one of
 * them with 2xx.
 */
final class FaultyReceiver implements AutoCloseable {

  /** How the receiver misbehaves. */
  enum Mode {
    /** Answers 200 at once: the control. */
    OK,
    /** Answers 500. */
    ERROR,
    /** Answers after 30 s, past any sane timeout. */
    HANG,
    /** Answers 200 after 5 s. */
    SLOW,
    /** Reads the request and closes the connection without an answer. */
    RESET,
    /** Nothing listens for the outage given at construction, then it answers 200. */
    DOWN
  }

  private static final String KEY_HEADER = "Idempotency-Key";

  private final String name;
  private final Mode mode;
  private final int port;
  private final Map<String, Set<String>> keys = new ConcurrentHashMap<>();
  private final Set<String> answeredOk = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile HttpServer server;
  private final Thread delayedStart;

  /**
   * Starts a receiver.
   *
   * @param downFor how long a {@link Mode#DOWN} receiver is down; ignored by the others
   */
  FaultyReceiver(String name, Mode mode, int port, Duration downFor) {
    this.name = name;
    this.mode = mode;
    this.port = port;
    if (mode == Mode.DOWN) {
      delayedStart =
          new Thread(
              () -> {
                Chaos.pause(downFor);
                listen();
              },
              "flowspect-chaos-receiver-" + name);
      delayedStart.setDaemon(true);
      delayedStart.start();
    } else {
      delayedStart = null;
      listen();
    }
  }

  private void listen() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
      s.createContext("/", this::handle);
      s.setExecutor(executor);
      s.start();
      server = s;
    } catch (IOException e) {
      throw new IllegalStateException("receiver " + name + " cannot listen on " + port, e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String id = imageId(body);
    String key = exchange.getRequestHeaders().getFirst(KEY_HEADER);
    keys.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(String.valueOf(key));
    switch (mode) {
      case ERROR -> answer(exchange, 500, null);
      case HANG -> {
        Chaos.pause(Duration.ofSeconds(30));
        answer(exchange, 200, id);
      }
      case SLOW -> {
        Chaos.pause(Duration.ofSeconds(5));
        answer(exchange, 200, id);
      }
      case RESET -> exchange.close();
      default -> answer(exchange, 200, id);
    }
  }

  private void answer(HttpExchange exchange, int status, String okId) throws IOException {
    try {
      exchange.sendResponseHeaders(status, -1);
      if (okId != null) {
        answeredOk.add(okId);
      }
    } finally {
      exchange.close();
    }
  }

  private static String imageId(byte[] body) {
    try {
      JsonNode n = OutputJson.mapper().readTree(body);
      return n.path("image_id").asText("unreadable");
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /** The receiver's name, also its endpoint's. */
  String name() {
    return name;
  }

  /** How it misbehaves. */
  Mode mode() {
    return mode;
  }

  /** Its URL. */
  String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  /** Requests received. */
  long requests() {
    return requests.get();
  }

  /** Whether it answered 2xx to a request for the alert. */
  boolean answeredOk(String imageId) {
    return answeredOk.contains(imageId);
  }

  /** Alerts for which requests carried more than one idempotency key. */
  long keysChanged() {
    return keys.values().stream().filter(k -> k.size() > 1).count();
  }

  @Override
  public void close() {
    if (delayedStart != null) {
      delayedStart.interrupt();
    }
    HttpServer s = server;
    if (s != null) {
      s.stop(0);
    }
    executor.shutdownNow();
  }
}
