package io.flowspect.service.chaos;

import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.webhook.AlertDeadLetters;
import io.flowspect.service.webhook.WebhookOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./flowspect chaos SCENARIO}: faults injected into the real service under steady traffic,
 * on 127.0.0.1 only, bounded in time and traffic, ending with one line of figures that includes
 * {@code lost N} and {@code duplicated N}.
 *
 * <p>The broker runs in this process (the service's own {@link EmbeddedKafka}, on a data folder
 * that survives a broker restart); each service instance is the packaged application in a child
 * JVM, so a kill is a real SIGKILL of a real process in the middle of its batches and transactions.
 * A {@code read_committed} consumer counts the score records per image id from the start of the
 * topic: an image the camera had acknowledged with no record is lost, a second record for an image
 * is a duplicate.
 */
public final class Chaos {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  /** The webhook dead-letter topic, as the service names it by default. */
  private static final String ALERTS_DLQ = WebhookOptions.DEFAULT_DLQ_TOPIC;

  private final ChaosOptions options;
  private final PrintStream log;
  private final Path work;
  private final Topics topics = Topics.defaults();
  private final int brokerPort;
  private EmbeddedKafka broker;
  private int nextHttpPort;

  private Chaos(ChaosOptions options, PrintStream log) throws IOException {
    this.options = options;
    this.log = log;
    this.work =
        options.work() != null
            ? Files.createDirectories(options.work())
            : Files.createTempDirectory("flowspect-chaos-");
    this.brokerPort = freePort();
  }

  /**
   * Runs a scenario from the command line; prints its figures on standard output.
   *
   * @param args the scenario, then flags (see {@link ChaosOptions#USAGE})
   */
  public static void main(String[] args) {
    ChaosOptions options;
    try {
      String jar = System.getProperty("flowspect.chaos.jar");
      options = ChaosOptions.parse(Arrays.asList(args), jar == null ? null : Path.of(jar));
    } catch (IllegalArgumentException e) {
      System.err.println("flowspect chaos: " + e.getMessage());
      System.err.print(ChaosOptions.USAGE);
      System.exit(2);
      return;
    }
    ChaosResult result = run(options, System.err);
    System.out.println(result.line());
    System.exit(result.lost() == 0 && result.duplicated() == 0 ? 0 : 1);
  }

  /**
   * Runs a scenario.
   *
   * @param options what to run
   * @param log where progress goes
   * @return the figures
   */
  public static ChaosResult run(ChaosOptions options, PrintStream log) {
    try {
      return new Chaos(options, log).run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ChaosResult run() {
    long started = System.nanoTime();
    startBroker();
    try {
      if (options.scenario().equals("webhook-faults")) {
        TopicAdmin.ensure(
            bootstrap(),
            List.of(topics.images(), topics.scores(), topics.alerts(), topics.dlq(), ALERTS_DLQ),
            options.partitions(),
            (short) 1,
            Map.of(),
            Duration.ofSeconds(60));
        return webhookFaults(started);
      }
      TopicAdmin.ensure(
          bootstrap(),
          topics.all(),
          options.partitions(),
          (short) 1,
          Map.of(),
          Duration.ofSeconds(60));
      try (Ledger ledger = new Ledger(bootstrap(), topics.scores(), options.partitions())) {
        Outcome outcome =
            switch (options.scenario()) {
              case "kill" -> kill(ledger);
              case "rebalance" -> rebalance(ledger);
              case "soak" -> soak(ledger);
              default -> brokerRestart(ledger);
            };
        return new ChaosResult(
            options.scenario(),
            options.cycles(),
            options.rate(),
            outcome.sent(),
            outcome.failedSends(),
            ledger.records(),
            outcome.lost(),
            ledger.duplicated(),
            ledger.longestGap(),
            outcome.recoveries(),
            outcome.drained(),
            Duration.ofNanos(System.nanoTime() - started),
            work,
            outcome.notes(),
            outcome.vitals());
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /** What a scenario saw, besides what the ledger counts. */
  private record Outcome(
      long sent,
      long failedSends,
      long lost,
      List<Duration> recoveries,
      Duration drained,
      String notes,
      List<ProcessVitals> vitals) {

    Outcome with(String text, List<ProcessVitals> readings) {
      return new Outcome(sent, failedSends, lost, recoveries, drained, text, readings);
    }
  }

  private Outcome kill(Ledger ledger) {
    List<Duration> recoveries = new ArrayList<>();
    ServiceProcess service = start("chaos-1");
    try (Camera camera = new Camera(bootstrap(), topics.images(), options.rate())) {
      steady(ledger);
      for (int c = 1; c <= options.cycles(); c++) {
        service.kill();
        long killed = System.nanoTime();
        service = start("chaos-1");
        service.awaitReady(READY_TIMEOUT);
        recovered(
            recoveries,
            killed,
            "kill %d of %d: SIGKILL, restarted, ready again in %.1f s%n",
            c,
            options.cycles());
      }
      return drain(ledger, camera, recoveries, List.of(service));
    }
  }

  /**
   * Records a recovery that began at {@code since}, says how long it took (the format's last value,
   * in seconds), then lets the system run steady for a stretch before the next fault.
   */
  private void recovered(List<Duration> recoveries, long since, String format, Object... args) {
    Duration took = Duration.ofNanos(System.nanoTime() - since);
    recoveries.add(took);
    Object[] values = Arrays.copyOf(args, args.length + 1);
    values[args.length] = seconds(took);
    log.printf(Locale.ROOT, format, values);
    pause(options.upSeconds());
  }

  private Outcome rebalance(Ledger ledger) {
    List<Duration> recoveries = new ArrayList<>();
    List<ServiceProcess> services = new ArrayList<>();
    services.add(start("chaos-1"));
    services.add(start("chaos-2"));
    for (ServiceProcess s : services) {
      s.awaitReady(READY_TIMEOUT);
    }
    try (Camera camera = new Camera(bootstrap(), topics.images(), options.rate())) {
      steady(ledger);
      services.get(1).kill();
      log.println("rebalance: SIGKILL of chaos-2 (of 2 in the group)");
      pause(options.upSeconds());
      long restarted = System.nanoTime();
      services.set(1, start("chaos-2"));
      services.get(1).awaitReady(READY_TIMEOUT);
      recovered(recoveries, restarted, "rebalance: chaos-2 back, ready in %.1f s%n");
      long added = System.nanoTime();
      services.add(start("chaos-3"));
      services.get(2).awaitReady(READY_TIMEOUT);
      recovered(recoveries, added, "rebalance: chaos-3 added, ready in %.1f s%n");
      return drain(ledger, camera, recoveries, services);
    }
  }

  private Outcome brokerRestart(Ledger ledger) {
    List<Duration> recoveries = new ArrayList<>();
    ServiceProcess service = start("chaos-1");
    try (Camera camera = new Camera(bootstrap(), topics.images(), options.rate())) {
      steady(ledger);
      for (int c = 1; c <= options.cycles(); c++) {
        broker.close();
        broker = null;
        long stopped = System.nanoTime();
        boolean wentDown = awaitReadiness(service, false, Duration.ofSeconds(30));
        log.printf(
            Locale.ROOT,
            "broker restart %d of %d: broker stopped; service readiness %s%n",
            c,
            options.cycles(),
            wentDown ? "went down" : "stayed up (not expected)");
        pause(Math.max(0, 5 - seconds(Duration.ofNanos(System.nanoTime() - stopped))));
        startBroker();
        long back = System.nanoTime();
        service.awaitReady(Duration.ofSeconds(120));
        recovered(
            recoveries,
            back,
            "broker restart %d of %d: broker back; service ready again in %.1f s%n",
            c,
            options.cycles());
      }
      return drain(ledger, camera, recoveries, List.of(service));
    }
  }

  /**
   * Alerts to six receivers, five of them faulty, for as long as the down one is down plus two
   * steady stretches; then every alert must, at every receiver, have been answered 2xx or be in the
   * webhook dead-letter topic for that endpoint, with one idempotency key per alert.
   */
  private ChaosResult webhookFaults(long started) {
    Duration outage = Duration.ofMillis(Math.round(options.outageSeconds() * 1000));
    List<FaultyReceiver> receivers = new ArrayList<>();
    Map<String, String> extra = new LinkedHashMap<>();
    for (FaultyReceiver.Mode mode : FaultyReceiver.Mode.values()) {
      FaultyReceiver r =
          new FaultyReceiver(mode.name().toLowerCase(Locale.ROOT), mode, freePort(), outage);
      receivers.add(r);
      String prefix = "flowspect.webhooks.endpoints." + r.name() + ".";
      extra.put(prefix + "url", r.url());
      extra.put(prefix + "secret", "chaos-secret-" + r.name());
      // The slow receiver answers within its timeout; the hanging one never does.
      extra.put(prefix + "timeout", mode == FaultyReceiver.Mode.SLOW ? "8s" : "1s");
    }
    // A short retry budget and circuit, so that each faulty receiver's alerts are dead-lettered
    // within minutes (the defaults give an alert up to six minutes).
    extra.put("flowspect.webhooks.retry.max-attempts", "2");
    extra.put("flowspect.webhooks.retry.backoff-base", "200ms");
    extra.put("flowspect.webhooks.retry.backoff-max", "1s");
    extra.put("flowspect.webhooks.breaker.failure-threshold", "3");
    extra.put("flowspect.webhooks.breaker.cool-down", "2s");
    ServiceProcess service = start("chaos-1", extra);
    long lost = 0;
    long keysChanged = 0;
    long answered = 0;
    Duration drained;
    try (Ledger alerts = new Ledger(bootstrap(), topics.alerts(), options.partitions());
        Ledger deadLetters =
            new Ledger(bootstrap(), ALERTS_DLQ, options.partitions(), AlertDeadLetters.ENDPOINT)) {
      service.awaitReady(READY_TIMEOUT);
      List<ProcessVitals> vitals = new ArrayList<>();
      try (Camera camera = new Camera(bootstrap(), topics.images(), options.rate(), 50)) {
        // The dispatcher's memory over the outage: a fifth in, half way, at its end. Each
        // endpoint holds at most its alert in flight; the rest wait in Kafka.
        double done = 0;
        for (double at : new double[] {0.2, 0.5, 0.97}) {
          pause(at * options.outageSeconds() - done);
          done = at * options.outageSeconds();
          vitals.add(ProcessVitals.read(service.pid(), service.httpPort()));
          log.printf(
              Locale.ROOT,
              "webhook-faults: %.0f s into the outage %s%n",
              done,
              vitals.get(vitals.size() - 1));
        }
        pause(Math.max(0, options.outageSeconds() - done) + 2 * options.upSeconds());
      }
      long stopped = System.nanoTime();
      long deadline = stopped + (long) (options.drainSeconds() * 1e9);
      while (System.nanoTime() < deadline && unaccounted(receivers, alerts, deadLetters) > 0) {
        pause(1);
      }
      drained = Duration.ofNanos(System.nanoTime() - stopped);
      for (FaultyReceiver r : receivers) {
        long ok = alerts.ids().stream().filter(r::answeredOk).count();
        long dead = deadLetters.ids(r.name()).size();
        long missing =
            alerts.ids().stream()
                .filter(id -> !r.answeredOk(id) && !deadLetters.ids(r.name()).contains(id))
                .count();
        log.printf(
            Locale.ROOT,
            "webhook %-6s %-5s: %d requests, %d alerts answered 2xx, %d dead-lettered, %d"
                + " missing, %d with more than one idempotency key%n",
            r.name(),
            r.mode(),
            r.requests(),
            ok,
            dead,
            missing,
            r.keysChanged());
        lost += missing;
        keysChanged += r.keysChanged();
        answered += ok + dead;
      }
      service.close();
      String serviceLog = readLog("chaos-1");
      log.printf(
          Locale.ROOT,
          "circuit opened %d times, closed %d times%n",
          count(serviceLog, "circuit open"),
          count(serviceLog, "circuit closed"));
      return new ChaosResult(
          options.scenario(),
          receivers.size() - 1,
          options.rate(),
          alerts.ids().size(),
          0,
          answered,
          lost,
          keysChanged,
          Duration.ZERO,
          List.of(),
          drained,
          Duration.ofNanos(System.nanoTime() - started),
          work,
          outageVitals(vitals),
          vitals);
    } finally {
      service.close();
      receivers.forEach(FaultyReceiver::close);
    }
  }

  /** The service's memory over a receiver's outage, first reading against last. */
  private String outageVitals(List<ProcessVitals> vitals) {
    return String.format(Locale.ROOT, "over the %.0f s outage: ", options.outageSeconds())
        + vitals.get(0).changeTo(vitals.get(vitals.size() - 1));
  }

  /** Alerts not yet answered 2xx or dead-lettered at some receiver. */
  private static long unaccounted(
      List<FaultyReceiver> receivers, Ledger alerts, Ledger deadLetters) {
    long n = 0;
    for (FaultyReceiver r : receivers) {
      Set<String> dead = deadLetters.ids(r.name());
      n += alerts.ids().stream().filter(id -> !r.answeredOk(id) && !dead.contains(id)).count();
    }
    return n;
  }

  private String readLog(String instanceId) {
    try {
      return Files.readString(work.resolve(instanceId + ".log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static long count(String text, String what) {
    long n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  /**
   * Steady traffic for {@code --minutes}: the service's vitals (heap after a full GC, RSS, threads,
   * file descriptors) after a warm-up of a fifth of the run, at its middle and at its end, and the
   * p99 end-to-end latency of the first and second halves after the warm-up.
   */
  private Outcome soak(Ledger ledger) {
    ServiceProcess service = start("chaos-1");
    service.awaitReady(READY_TIMEOUT);
    double total = options.minutes() * 60;
    double warm = Math.max(10, total / 5);
    ProcessVitals first;
    ProcessVitals middle;
    ProcessVitals last;
    long warmEnd;
    long midTime;
    long end;
    Outcome outcome;
    try (Camera camera = new Camera(bootstrap(), topics.images(), options.rate())) {
      steady(ledger);
      pause(Math.max(0, warm - options.upSeconds()));
      warmEnd = System.nanoTime();
      first = ProcessVitals.read(service.pid(), service.httpPort());
      log.printf(Locale.ROOT, "soak: after the warm-up %s%n", first);
      pause((total - warm) / 2);
      midTime = System.nanoTime();
      middle = ProcessVitals.read(service.pid(), service.httpPort());
      log.printf(Locale.ROOT, "soak: half way %s%n", middle);
      pause((total - warm) / 2);
      end = System.nanoTime();
      last = ProcessVitals.read(service.pid(), service.httpPort());
      log.printf(Locale.ROOT, "soak: at the end %s%n", last);
      outcome = drain(ledger, camera, List.of(), List.of(service));
    }
    double p99Early = ledger.latencyMillis(warmEnd, midTime, 0.99);
    double p99Late = ledger.latencyMillis(midTime, end, 0.99);
    return outcome.with(
        first.changeTo(last)
            + String.format(
                Locale.ROOT,
                ", file descriptors %d -> %d, p99 end to end %.0f -> %.0f ms",
                first.fileDescriptors(),
                last.fileDescriptors(),
                p99Early,
                p99Late),
        List.of(first, middle, last));
  }

  /** Waits for the first score records, then for a steady stretch, then counts stalls. */
  private void steady(Ledger ledger) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (ledger.records() == 0 && System.nanoTime() < deadline) {
      pause(0.2);
    }
    if (ledger.records() == 0) {
      throw new IllegalStateException("no score record within " + READY_TIMEOUT);
    }
    ledger.countGaps();
    pause(options.upSeconds());
  }

  private Outcome drain(
      Ledger ledger, Camera camera, List<Duration> recoveries, List<ServiceProcess> services) {
    camera.close();
    ledger.stopCountingGaps();
    long stopped = System.nanoTime();
    boolean all =
        ledger.awaitAll(camera.acked(), Duration.ofMillis((long) (options.drainSeconds() * 1000)));
    Duration drained = Duration.ofNanos(System.nanoTime() - stopped);
    if (!all) {
      log.printf(
          Locale.ROOT,
          "not every image scored within %.0f s of the camera stopping%n",
          options.drainSeconds());
    }
    for (ServiceProcess s : services) {
      s.close();
    }
    return new Outcome(
        camera.acked().size(),
        camera.failed(),
        ledger.lost(camera.acked()),
        recoveries,
        drained,
        "",
        List.of());
  }

  private boolean awaitReadiness(ServiceProcess service, boolean ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (service.ready() == ready) {
        return true;
      }
      pause(0.5);
    }
    return false;
  }

  private ServiceProcess start(String instanceId) {
    return start(instanceId, Map.of());
  }

  private ServiceProcess start(String instanceId, Map<String, String> extra) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("kafka.bootstrap.servers", bootstrap());
    properties.put("flowspect.models.default", model().toString());
    properties.put("flowspect.kafka.partitions", Integer.toString(options.partitions()));
    properties.put("flowspect.demo.enabled", "false");
    properties.put("flowspect.pipeline.delivery", options.delivery());
    properties.putAll(extra);
    int port = nextHttpPort == 0 ? freePort() : nextHttpPort;
    nextHttpPort = 0;
    log.printf(Locale.ROOT, "starting %s (HTTP %d)%n", instanceId, port);
    return ServiceProcess.start(
        options.jar(), instanceId, port, properties, "1g", work.resolve(instanceId + ".log"));
  }

  /** The bundle folder: as given, else under the models base dir as the service resolves it. */
  private Path model() {
    Path m = options.model();
    String base = System.getProperty("flowspect.models.base-dir");
    if (!m.isAbsolute() && !Files.isDirectory(m) && base != null) {
      m = Path.of(base).resolve(m);
    }
    return m.toAbsolutePath();
  }

  private void startBroker() {
    broker = EmbeddedKafka.start(Optional.of(work.resolve("broker")), brokerPort);
  }

  private String bootstrap() {
    return "127.0.0.1:" + brokerPort;
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static void pause(double seconds) {
    pause(Duration.ofMillis((long) (seconds * 1000)));
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Waits up to 10 s for a worker thread that was asked to stop. */
  static void join(Thread thread) {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on this machine", e);
    }
  }
}
