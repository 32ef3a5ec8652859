package io.flowspect.service.bench;

import io.flowspect.core.detect.FrameDetector;
import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.frames.FrameBenchmark;
import io.flowspect.core.frames.FrameDefect;
import io.flowspect.core.frames.FrameMaker;
import io.flowspect.core.frames.FrameSeverity;
import io.flowspect.core.frames.MadeFrame;
import io.flowspect.core.frames.Surface;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.onnx.ExecutionProvider;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.Scorer;
import io.flowspect.service.demo.DemoSamples;
import io.flowspect.service.demo.DemoStream;
import io.flowspect.service.demo.Pacing;
import io.flowspect.service.ingest.ImageHeaders;
import io.flowspect.service.ingest.ImageIntake;
import io.flowspect.service.kafka.EmbeddedKafka;
import io.flowspect.service.kafka.OrderedWrites;
import io.flowspect.service.kafka.SelfSignedTls;
import io.flowspect.service.kafka.TopicAdmin;
import io.flowspect.service.kafka.Topics;
import io.flowspect.service.pipeline.BatchScorer;
import io.flowspect.service.pipeline.PipelineOptions;
import io.flowspect.service.pipeline.ScoringPipeline;
import io.flowspect.service.routing.BundlePaths;
import io.flowspect.service.routing.LoadedModel;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.Routes;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The service's load benchmark ({@code ./flowspect bench-service}): how many images per second the
 * streaming pipeline sustains from Kafka in to committed score records out, next to what the raw
 * scorer does on the same images at the same batch size, and the end-to-end latency at half that
 * rate.
 *
 * <p>Everything runs in this JVM, as {@code ./flowspect serve} runs it: an embedded broker, the
 * scoring pipeline of the service (same classes, same batching, exactly-once transactions by
 * default) and a producer standing in for the cameras. The images are the bundled demo sample's
 * Fashion-MNIST test images, sent as PNG, with the contract's headers.
 *
 * <ul>
 *   <li><b>Raw scorer</b>: core's {@link Scorer} computing every score the bundle offers on images
 *       already decoded and converted (what one scoring call of the pipeline does, minus the
 *       p-value look-up).
 *   <li><b>Kafka end to end</b>: a backlog of about {@code --seconds} worth of images is produced;
 *       the rate is the images committed after the pipeline's first batch over the time from its
 *       first commit to its last. It includes polling, PNG decoding, scoring, building and
 *       producing the output records and the transaction commit of every batch.
 *   <li>Raw and end-to-end slices alternate for {@code --rounds}, so that changes in the machine's
 *       background load hit both.
 *   <li><b>Latency</b>: images paced at half the measured end-to-end rate for {@code
 *       --latency-seconds}; latency runs from the send (the {@code captured-at} stamp) to the
 *       receipt of the score record by a {@code read_committed} consumer.
 * </ul>
 */
public final class ServiceBench {

  private static final String LINE = "bench-line";
  private static final Duration WAIT = Duration.ofMinutes(5);

  /** Held so that the loggers keep their levels. */
  private static final List<Logger> QUIET = new ArrayList<>();

  private ServiceBench() {}

  /**
   * Runs the benchmark and prints the tables; progress goes to standard error.
   *
   * @param args see {@link BenchOptions#USAGE}
   */
  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    Path model;
    try {
      options = BenchOptions.parse(args);
      model =
          BundlePaths.resolve(
                  Routes.defaultOnly(options.model()),
                  Path.of(""),
                  Optional.ofNullable(System.getProperty("flowspect.models.base-dir"))
                      .map(Path::of))
              .defaultBundle()
              .orElseThrow();
    } catch (IllegalArgumentException e) {
      System.err.println("bench-service: " + e.getMessage());
      System.exit(2);
      return;
    }
    quietKafka();
    BenchResult result;
    try {
      result = run(options, model, System.err);
    } catch (RuntimeException e) {
      // Exit even if a Kafka thread lingers: the run is over either way.
      e.printStackTrace();
      System.err.println("bench-service: failed: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.println();
    System.out.print(result.markdown());
    System.exit(0);
  }

  /** Keeps the embedded broker's and the clients' INFO lines out of the progress. */
  private static void quietKafka() {
    for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      QUIET.add(logger);
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param options the settings
   * @param model the bundle folder, resolved
   * @param progress where progress lines go
   * @return the measurements
   */
  public static BenchResult run(BenchOptions options, Path model, PrintStream progress) {
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    double planned =
        2 * options.warmupSeconds()
            + options.rounds() * 2 * options.seconds()
            + options.latencySeconds()
            + 2;
    Secured secured = options.tls() ? Secured.create() : Secured.PLAINTEXT;
    try (BenchProgress p = new BenchProgress(progress, planned);
        EmbeddedKafka kafka = secured.start();
        ModelRouter router =
            ModelRouter.open(
                Routes.defaultOnly(model),
                new OnnxOptions(ExecutionProvider.CPU, options.threads(), 0),
                options.batch())) {
      Topics topics = Topics.defaults();
      TopicAdmin.ensure(
          kafka.bootstrapServers(),
          topics.all(),
          1,
          (short) 1,
          secured.client(),
          Duration.ofSeconds(30));
      LoadedModel loaded;
      try (ModelRouter.Lease lease = router.lease()) {
        loaded = lease.route(LINE).orElseThrow();
      }
      Optional<FrameDetector> frames = loaded.detector().frames();
      Images images =
          frames.isPresent()
              ? Images.frames(options.surface(), frames.get().calibration())
              : Images.of(DemoSamples.bundled(), loaded.input());
      CommitLog commits = new CommitLog();
      PipelineOptions pipelineOptions =
          PipelineOptions.defaults(kafka.bootstrapServers())
              .withDelivery(options.delivery())
              .withBatching(options.batch(), Duration.ofMillis(50))
              .withClientProperties(secured.client());
      ScoringPipeline pipeline =
          new ScoringPipeline(
              pipelineOptions,
              new BatchScorer(
                  topics,
                  new ImageIntake(ImageLimits.defaults()),
                  router,
                  ExplainOptions.defaults(),
                  pipelineOptions.dlqMaxValueBytes(),
                  Clock.systemUTC()),
              commits);
      pipeline.start();
      try (KafkaProducer<byte[], byte[]> producer =
          producer(kafka.bootstrapServers(), secured.client())) {
        Run run =
            new Run(
                options,
                loaded.detector().scorer(),
                frames,
                images,
                commits,
                producer,
                p,
                secured.client());
        return run.measure(kafka.bootstrapServers(), topics.scores(), loaded, loadBefore);
      } finally {
        pipeline.stop(Duration.ofSeconds(10));
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(
      String bootstrapServers, Map<String, String> client) {
    Map<String, Object> p = OrderedWrites.apply(new HashMap<>(client));
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "flowspect-bench-camera");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The sample images as the producer sends them (PNG) and as the raw scorer takes them (CHW, or
   * decoded frames for a bundle calibrated for whole frames).
   */
  private record Images(List<byte[]> pngs, List<byte[]> chws, List<RasterImage> frames) {

    /** Frames made for a bench: alternately good and with a defect of each kind in turn. */
    static final int FRAMES = 16;

    static Images frames(Surface surface, FrameCalibration calibration) {
      FrameMaker maker =
          new FrameMaker(
              surface,
              FrameBenchmark.material(1, surface),
              calibration.width(),
              calibration.height());
      List<byte[]> pngs = new ArrayList<>();
      List<RasterImage> frames = new ArrayList<>();
      FrameDefect[] kinds = FrameDefect.values();
      for (int i = 0; i < FRAMES; i++) {
        MadeFrame f =
            i % 2 == 0
                ? maker.good(i)
                : maker.defective(i, kinds[(i / 2) % kinds.length], FrameSeverity.MODERATE);
        pngs.add(f.png());
        frames.add(f.raster());
      }
      return new Images(pngs, List.of(), frames);
    }

    static Images of(DemoSamples samples, InputSpec spec) {
      List<byte[]> pngs = new ArrayList<>();
      List<byte[]> chws = new ArrayList<>();
      for (int i = 0; i < samples.fashion().count(); i++) {
        pngs.add(
            DemoStream.png(
                samples.fashionPixels(i), samples.fashion().cols(), samples.fashion().rows()));
        chws.add(spec.toChw(samples.fashion().image(i)));
      }
      return new Images(pngs, chws, List.of());
    }

    int size() {
      return pngs.size();
    }
  }

  /** One run's measuring steps, sharing the scorer, the producer and the commit log. */
  private static final class Run {

    private final BenchOptions options;
    private final Scorer scorer;
    private final Optional<FrameDetector> frames;
    private final Set<Score> scores;
    private final Images images;
    private final CommitLog commits;
    private final KafkaProducer<byte[], byte[]> producer;
    private final BenchProgress progress;
    private final Map<String, String> client;
    private int next;
    private double lastRawCpuMillis;

    Run(
        BenchOptions options,
        Scorer scorer,
        Optional<FrameDetector> frames,
        Images images,
        CommitLog commits,
        KafkaProducer<byte[], byte[]> producer,
        BenchProgress progress,
        Map<String, String> client) {
      this.client = client;
      this.options = options;
      this.scorer = scorer;
      this.frames = frames;
      this.scores = scorer.available();
      this.images = images;
      this.commits = commits;
      this.producer = producer;
      this.progress = progress;
    }

    BenchResult measure(
        String bootstrapServers, String scoresTopic, LoadedModel model, double loadBefore) {
      double estimate = raw(options.warmupSeconds(), "warm-up: raw scorer");
      // The broker's and the clients' code paths need warming up (JIT) as much as the model's.
      int warmBacklog =
          (int) Math.max(4 * options.batch(), Math.ceil(estimate * options.warmupSeconds()));
      progress.phase(
          "warm-up: Kafka end to end",
          options.warmupSeconds(),
          () -> commits.count() / (double) warmBacklog);
      endToEnd("warm", warmBacklog);
      List<Double> raw = new ArrayList<>();
      List<Double> endToEnd = new ArrayList<>();
      List<Double> rawCpu = new ArrayList<>();
      List<Double> endToEndCpu = new ArrayList<>();
      for (int r = 1; r <= options.rounds(); r++) {
        String name = "round " + r + "/" + options.rounds();
        double rawRate = raw(options.seconds(), name + ": raw scorer");
        raw.add(rawRate);
        rawCpu.add(lastRawCpuMillis);
        int backlog = (int) Math.max(4 * options.batch(), Math.ceil(estimate * options.seconds()));
        double e2e = endToEnd("r" + r, backlog, name + ": Kafka end to end");
        endToEnd.add(e2e);
        endToEndCpu.add(commits.cpuMillisPerImage());
        estimate = e2e;
        double[] shares = commits.timeShares();
        progress.note(
            String.format(
                Locale.ROOT,
                "%s: raw scorer %.1f images/s (%.2f CPU ms each), Kafka end to end %.1f"
                    + " images/s (%.2f CPU ms each), %.1f%%; pipeline time in model calls %.1f%%,"
                    + " decoding %.1f%%, the rest Kafka and records",
                name,
                rawRate,
                lastRawCpuMillis,
                e2e,
                commits.cpuMillisPerImage(),
                100 * e2e / rawRate,
                100 * shares[0],
                100 * shares[1]));
      }
      double meanEndToEnd = endToEnd.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      BenchResult.Latency latency = latency(bootstrapServers, scoresTopic, meanEndToEnd / 2);
      return new BenchResult(
          model.ref().id(),
          model.ref().family(),
          options,
          raw,
          endToEnd,
          rawCpu,
          endToEndCpu,
          latency,
          Runtime.getRuntime().availableProcessors(),
          loadBefore,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Scores batches of decoded images with the raw scorer for a while (whole frames judged with
     * maps and regions, for a bundle calibrated for frames); returns images/s.
     */
    private double raw(double seconds, String phase) {
      long cpuStart = ProcessCpu.nanos();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      progress.phase(phase, seconds, () -> (System.nanoTime() - start) / (seconds * 1e9));
      long n = 0;
      while (System.nanoTime() < end) {
        if (frames.isPresent()) {
          List<RasterImage> batch = new ArrayList<>(options.batch());
          for (int i = 0; i < options.batch(); i++) {
            batch.add(images.frames().get(next++ % images.size()));
          }
          n += frames.get().judge(batch).size();
          continue;
        }
        List<byte[]> batch = new ArrayList<>(options.batch());
        for (int i = 0; i < options.batch(); i++) {
          batch.add(images.chws().get(next++ % images.size()));
        }
        scorer.score(batch, scores);
        n += batch.size();
      }
      lastRawCpuMillis = (ProcessCpu.nanos() - cpuStart) / 1e6 / n;
      return n / ((System.nanoTime() - start) / 1e9);
    }

    private double endToEnd(String tag, int count) {
      return endToEnd(tag, count, null);
    }

    /** Produces a backlog and waits until the pipeline committed it; returns the commit rate. */
    private double endToEnd(String tag, int count, String phase) {
      String prefix = "bench-" + tag + "-";
      commits.watch(prefix);
      if (phase != null) {
        progress.phase(phase, options.seconds(), () -> commits.count() / (double) count);
      }
      for (int i = 0; i < count; i++) {
        producer.send(record(prefix + i, System.currentTimeMillis()));
      }
      producer.flush();
      commits.markBacklogSent();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (commits.count() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the pipeline committed "
                  + commits.count()
                  + " of "
                  + count
                  + " images within "
                  + WAIT
                  + "; is it running?");
        }
        sleep(20);
      }
      return commits.rate();
    }

    private ProducerRecord<byte[], byte[]> record(String id, long capturedAtMillis) {
      RecordHeaders h = new RecordHeaders();
      h.add(ImageHeaders.IMAGE_ID, id.getBytes(StandardCharsets.UTF_8));
      h.add(ImageHeaders.CONTENT_TYPE, "image/png".getBytes(StandardCharsets.UTF_8));
      h.add(
          ImageHeaders.CAPTURED_AT,
          Long.toString(capturedAtMillis).getBytes(StandardCharsets.UTF_8));
      byte[] png = images.pngs().get(next++ % images.size());
      return new ProducerRecord<>(
          Topics.IMAGES, null, LINE.getBytes(StandardCharsets.UTF_8), png, h);
    }

    /**
     * Sends images one by one at a fixed rate and measures, for each, the time from its send to the
     * receipt of its score record by a read_committed consumer.
     */
    private BenchResult.Latency latency(String bootstrapServers, String topic, double rate) {
      int count = Math.max(1, (int) Math.round(rate * options.latencySeconds()));
      String prefix = "bench-lat-";
      commits.watch(prefix);
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger sent = new AtomicInteger();
      progress.phase(
          String.format(Locale.ROOT, "latency at %.1f images/s", rate),
          options.latencySeconds(),
          () -> sent.get() / (double) count);
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, client)) {
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        consumer.position(tp);
        Thread sender =
            new Thread(
                () -> {
                  long start = System.nanoTime();
                  for (int i = 0; i < count; i++) {
                    try {
                      Pacing.sleepUntil(start + (long) (i * 1e9 / rate));
                    } catch (InterruptedException e) {
                      return;
                    }
                    String id = prefix + i;
                    sentAt.put(id, System.nanoTime());
                    producer.send(record(id, System.currentTimeMillis()));
                    sent.incrementAndGet();
                  }
                  producer.flush();
                },
                "flowspect-bench-paced-camera");
        sender.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (latencies.size() < count && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            long now = System.nanoTime();
            Header h = r.headers().lastHeader(ImageHeaders.IMAGE_ID);
            String id = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
            Long at = id == null ? null : sentAt.get(id);
            if (at != null) {
              latencies.add((now - at) / 1e6);
            }
          }
        }
        try {
          sender.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (latencies.size() < count) {
        throw new IllegalStateException(
            "received " + latencies.size() + " of " + count + " score records within " + WAIT);
      }
      List<Double> inRecord = commits.recordLatencies();
      return new BenchResult.Latency(
          rate,
          count,
          percentile(latencies, 0.5),
          percentile(latencies, 0.99),
          percentile(inRecord, 0.5),
          percentile(inRecord, 0.99),
          commits.meanBatch());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(
        String bootstrapServers, Map<String, String> client) {
      Map<String, Object> p = new HashMap<>(client);
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowspect-bench-dashboard");
      return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
  }

  /**
   * Returns a percentile: the smallest value with at least that share of the values at or below it
   * (nearest rank).
   *
   * @param values the values, any order
   * @param q the share, in (0, 1]
   * @return the value; NaN when there are none
   */
  static double percentile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The broker the bench runs against and the properties its clients need: plaintext, or TLS with
   * SASL/SCRAM-SHA-512 and a self-signed certificate made for the run.
   *
   * @param security the broker's security, or null for plaintext
   * @param client the clients' security properties, empty for plaintext
   */
  private record Secured(EmbeddedKafka.Security security, Map<String, String> client) {

    static final Secured PLAINTEXT = new Secured(null, Map.of());

    /** The bench's one user, the broker's super user, so no ACL stands in its way. */
    private static final String USER = "flowspect-bench";

    static Secured create() {
      try {
        Path dir = Files.createTempDirectory("flowspect-bench-tls");
        dir.toFile().deleteOnExit();
        String password = "bench-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        SelfSignedTls tls = SelfSignedTls.create(dir, password);
        for (Path f : List.of(tls.keystore(), tls.truststore(), dir.resolve("broker.pem"))) {
          f.toFile().deleteOnExit();
        }
        return new Secured(
            new EmbeddedKafka.Security(tls.keystore(), password, Map.of(USER, password), USER),
            EmbeddedKafka.Security.clientProperties(tls.truststore(), password, USER, password));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot make the bench's TLS stores", e);
      }
    }

    EmbeddedKafka start() {
      return security == null
          ? EmbeddedKafka.start()
          : EmbeddedKafka.start(Optional.empty(), 0, security);
    }
  }
}
