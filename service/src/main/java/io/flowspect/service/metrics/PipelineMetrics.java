package io.flowspect.service.metrics;

import io.flowspect.core.score.NonFinite;
import io.flowspect.core.score.Score;
import io.flowspect.core.signal.SignalFinding;
import io.flowspect.service.ingest.DlqReason;
import io.flowspect.service.lifecycle.DaemonThreads;
import io.flowspect.service.output.AlertRecord;
import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.pipeline.ModelCall;
import io.flowspect.service.pipeline.PipelineObserver;
import io.flowspect.service.pipeline.ScoredBatch;
import io.flowspect.service.routing.LoadedModel;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelService;
import io.flowspect.service.routing.ModelSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The pipeline's Prometheus metrics (names as scraped from {@code /q/metrics}):
 *
 * <ul>
 *   <li>{@code flowspect_images_total{model,line,decision}}: scored images; decision {@code
 *       normal}, {@code anomaly}, or {@code unknown} for uncalibrated models;
 *   <li>{@code flowspect_score{model,score}} (summary: count, sum, max, quantiles 0.5, 0.9, 0.99
 *       over a sliding window): every score in its anomaly orientation (higher = more anomalous,
 *       e.g. {@code log_px} as nats of negative log-likelihood), the orientation the calibration
 *       uses. Micrometer summaries drop negative values, which {@code llr} and rarely {@code
 *       complexity} take; those are counted in {@code flowspect_score_negative_total{model,score}};
 *   <li>{@code flowspect_inference_seconds{model}} (histogram): one scoring call;
 *   <li>{@code flowspect_end_to_end_seconds{model,line}} (histogram): {@code captured-at} (else the
 *       input record's timestamp) to the score record;
 *   <li>{@code flowspect_batch_size{model}} (summary): images per scoring call;
 *   <li>{@code flowspect_non_finite_total{model,line}}: images whose model pass was not finite
 *       (reason {@code non_finite}; judged anomalous, left out of {@code flowspect_score});
 *   <li>{@code flowspect_alerts_total{model,line}}, {@code flowspect_dlq_total{reason}} (every
 *       reason registered at 0);
 *   <li>{@code flowspect_model_info{model,version}} = 1 per loaded model, updated on reload;
 *   <li>{@code flowspect_drift_ks{line}}: KS distance of the line's last N decision p-values from
 *       uniform ({@link DriftWindow});
 *   <li>the input consumer's Kafka client metrics ({@link KafkaClientMetrics}), among them {@code
 *       kafka_consumer_fetch_manager_records_lag{topic,partition}} and {@code ..._records_lag_max}.
 * </ul>
 *
 * <p>Counts are of committed work: a batch redone after a failure counts once. Line labels are
 * bounded by {@link LineLabels}. Images scored through {@code POST /api/v1/score} are not counted
 * here (the HTTP server metrics count requests).
 */
@Startup
@ApplicationScoped
public class PipelineMetrics implements PipelineObserver {

  private static final String MODEL = "model";
  private static final String LINE = "line";

  private final MeterRegistry registry;
  private final MetricsSettings settings;
  private final LineLabels lines;
  private final Map<String, DriftWindow> drift = new ConcurrentHashMap<>();
  private final MultiGauge modelInfo;
  private final ModelRouter router;

  /**
   * Registers the metrics that exist before the first image.
   *
   * @param registry where meters go
   * @param settings windows and limits
   * @param models the loaded models (for {@code flowspect_model_info})
   * @param modelSettings the configured lines (always labelled by name)
   */
  public PipelineMetrics(
      MeterRegistry registry,
      MetricsSettings settings,
      ModelService models,
      ModelSettings modelSettings) {
    this.registry = registry;
    this.settings = settings;
    this.lines = new LineLabels(modelSettings.lines().keySet(), settings.maxLines());
    for (DlqReason reason : DlqReason.values()) {
      dlqCounter(reason);
    }
    this.modelInfo =
        MultiGauge.builder("flowspect.model.info")
            .description("1 for every loaded model")
            .register(registry);
    this.router = models.router().orElse(null);
    if (router != null) {
      router.onChange(this::updateModelInfo);
      updateModelInfo();
    }
  }

  private void updateModelInfo() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (LoadedModel m : router.models()) {
      rows.add(MultiGauge.Row.of(Tags.of(MODEL, m.ref().id(), "version", m.ref().version()), 1));
    }
    modelInfo.register(rows, true);
  }

  @Override
  public Runnable sessionStarted(
      Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
    // A scheduler per binding: Micrometer does not cancel the refresh task of a binder whose
    // scheduler it does not own, so the task must die with its closed consumer.
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flowspect-kafka-metrics"));
    KafkaClientMetrics binder =
        new KafkaClientMetrics(consumer, Tags.empty(), scheduler, settings.kafkaRefresh());
    binder.bindTo(registry);
    return () -> {
      try {
        binder.close();
      } finally {
        scheduler.shutdownNow();
      }
    };
  }

  @Override
  public void committed(ScoredBatch batch) {
    for (ScoreRecord s : batch.scores()) {
      String model = s.model().id();
      String line = lines.label(s.line());
      String decision =
          s.judgement().anomaly() == null
              ? "unknown"
              : s.judgement().anomaly().booleanValue() ? "anomaly" : "normal";
      Counter.builder("flowspect.images")
          .description("Images scored by the pipeline (committed)")
          .tags(MODEL, model, LINE, line, "decision", decision)
          .register(registry)
          .increment();
      SignalFinding signal = s.judgement().signal();
      if (signal != null) {
        // A recording is one image in the counts above; these say how much signal was judged.
        Counter.builder("flowspect.signal.windows")
            .description("Sensor windows judged, every channel's (committed)")
            .tags(MODEL, model, LINE, line)
            .register(registry)
            .increment(signal.windows().size());
        Counter.builder("flowspect.signal.seconds")
            .description("Seconds of sensor signal judged, per channel (committed)")
            .baseUnit("seconds")
            .tags(MODEL, model, LINE, line)
            .register(registry)
            .increment(signal.samples() / signal.sampleRateHz());
      }
      if (NonFinite.REASON.equals(s.reason())) {
        // Its scores stand at the end of the doubles: they would swamp the summaries' sums.
        Counter.builder("flowspect.non.finite")
            .description("Images whose model pass was not finite, judged anomalous (committed)")
            .tags(MODEL, model, LINE, line)
            .register(registry)
            .increment();
      } else {
        recordScores(model, s.judgement().scores());
      }
      double e2e = s.latencyMs().endToEnd();
      if (e2e >= 0) {
        Timer.builder("flowspect.end.to.end")
            .description("From captured-at (else the record timestamp) to the score record")
            .tags(MODEL, model, LINE, line)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry)
            .record(Duration.ofNanos((long) (e2e * 1e6)));
      }
      if (s.judgement().pValue() != null) {
        drift(line).add(s.judgement().pValue());
      }
    }
    for (AlertRecord a : batch.alerts()) {
      Counter.builder("flowspect.alerts")
          .description("Alert records produced (committed)")
          .tags(MODEL, a.model().id(), LINE, lines.label(a.line()))
          .register(registry)
          .increment();
    }
    for (DlqReason reason : batch.deadLetters()) {
      dlqCounter(reason).increment();
    }
    for (ModelCall call : batch.calls()) {
      Timer.builder("flowspect.inference")
          .description("One scoring call: ONNX Runtime and score computation for a batch")
          .tag(MODEL, call.model().id())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry)
          .record(Duration.ofNanos(call.nanos()));
      DistributionSummary.builder("flowspect.batch.size")
          .description("Images per scoring call")
          .tag(MODEL, call.model().id())
          .register(registry)
          .record(call.images());
    }
  }

  private void recordScores(String model, Map<String, Double> scores) {
    scores.forEach(
        (id, value) -> {
          if (value == null) {
            return;
          }
          double anomaly;
          try {
            anomaly = Score.of(id).anomaly(value);
          } catch (IllegalArgumentException e) {
            anomaly = value;
          }
          if (anomaly >= 0) {
            DistributionSummary.builder("flowspect.score")
                .description("Scores in their anomaly orientation (higher = more anomalous)")
                .tags(MODEL, model, "score", id)
                .publishPercentiles(0.5, 0.9, 0.99)
                .percentilePrecision(2)
                .register(registry)
                .record(anomaly);
          } else {
            Counter.builder("flowspect.score.negative")
                .description("Scores whose anomaly-oriented value was negative")
                .tags(MODEL, model, "score", id)
                .register(registry)
                .increment();
          }
        });
  }

  private Counter dlqCounter(DlqReason reason) {
    return Counter.builder("flowspect.dlq")
        .description("Inputs sent to the dead-letter topic (committed)")
        .tag("reason", reason.name())
        .register(registry);
  }

  private DriftWindow drift(String line) {
    return drift.computeIfAbsent(
        line,
        l -> {
          DriftWindow w = new DriftWindow(settings.driftWindow());
          Gauge.builder("flowspect.drift.ks", w, DriftWindow::ks)
              .description(
                  "KS distance of the line's last N decision p-values from uniform (0 = no drift)")
              .tag(LINE, l)
              .register(registry);
          return w;
        });
  }

  /**
   * Returns the drift window of a line label, for tests.
   *
   * @param line the label
   * @return the window, or null before the line's first p-value
   */
  DriftWindow driftWindow(String line) {
    return drift.get(line);
  }

  @PreDestroy
  void close() {
    modelInfo.register(List.of(), true);
  }
}
