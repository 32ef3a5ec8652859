package io.flowspect.service.metrics;

import io.flowspect.core.calibration.Calibration;
import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.pipeline.PipelineObserver;
import io.flowspect.service.pipeline.ScoredBatch;
import io.flowspect.service.routing.LoadedModel;
import io.flowspect.service.routing.ModelRouter;
import io.flowspect.service.routing.ModelService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision side of the pipeline's metrics, what dashboards draw scores against:
 *
 * <ul>
 *   <li>{@code flowspect_model_threshold{model,version,score}}: the threshold on the decision score
 *       {@code score} of every calibrated model (in the anomaly orientation of {@code
 *       flowspect_score}), updated on reload and on {@code PUT .../threshold};
 *   <li>{@code flowspect_model_alpha{model,version}}: the false-positive rate that threshold is set
 *       for, i.e. the expected share of alerts on normal images;
 *   <li>{@code flowspect_p_value{model}} (histogram, buckets {@link #P_VALUE_BUCKETS}): the
 *       decision p-value of every committed image of a calibrated model. An image is an anomaly
 *       exactly when its p-value is at most alpha, so this is the score distribution against the
 *       threshold on one scale for every model and score (a heatmap; normal traffic fills the
 *       buckets evenly).
 * </ul>
 *
 * <p>Why separate from {@link PipelineMetrics}: the scores there are in each score's own unit and
 * summarised by quantiles, which cannot be drawn as a distribution; p-values can.
 *
 * <p>Why the histogram is a Prometheus client collector and not a Micrometer {@code
 * DistributionSummary}: Micrometer's fixed-boundary histograms round every value up to a whole
 * number before bucketing, which would put every p-value in the bucket {@code le="1.0"}. The
 * collector lives in the Prometheus registry behind {@code /q/metrics}; without that registry
 * (Prometheus export turned off) the histogram is not kept. Thread-safe.
 */
@Startup
@ApplicationScoped
public class DecisionMetrics implements PipelineObserver {

  /**
   * Upper bounds of the p-value histogram's buckets: fine below 0.05, where alpha usually lies,
   * then tenths to show that normal traffic stays uniform.
   */
  static final double[] P_VALUE_BUCKETS = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0
  };

  private static final String MODEL = "model";

  private final ModelRouter router;
  private final CollectorRegistry collectors;
  private final Histogram pValues;
  private final MultiGauge thresholds;
  private final MultiGauge alphas;

  /**
   * Registers the thresholds of the loaded models and follows their changes.
   *
   * @param registry where the gauges go
   * @param prometheus the Prometheus registry whose collectors {@code /q/metrics} serves
   * @param models the loaded models
   */
  public DecisionMetrics(
      MeterRegistry registry, Instance<PrometheusMeterRegistry> prometheus, ModelService models) {
    this.collectors = prometheus.isResolvable() ? prometheus.get().getPrometheusRegistry() : null;
    this.pValues =
        collectors == null
            ? null
            : Histogram.build()
                .name("flowspect_p_value")
                .help("Decision p-values of scored images; anomaly when at most alpha")
                .labelNames(MODEL)
                .buckets(P_VALUE_BUCKETS)
                .register(collectors);
    this.thresholds =
        MultiGauge.builder("flowspect.model.threshold")
            .description("Threshold on the decision score of each calibrated model")
            .register(registry);
    this.alphas =
        MultiGauge.builder("flowspect.model.alpha")
            .description("False-positive rate the decision threshold is set for")
            .register(registry);
    this.router = models.router().orElse(null);
    if (router != null) {
      router.onChange(this::update);
      update();
    }
  }

  private void update() {
    List<MultiGauge.Row<?>> t = new ArrayList<>();
    List<MultiGauge.Row<?>> a = new ArrayList<>();
    for (LoadedModel m : router.models()) {
      Calibration c = m.detector().calibration().orElse(null);
      if (c == null) {
        continue;
      }
      Tags model = Tags.of(MODEL, m.ref().id(), "version", m.ref().version());
      if (Double.isFinite(c.threshold())) {
        t.add(MultiGauge.Row.of(model.and("score", m.detector().decision().id()), c.threshold()));
      }
      a.add(MultiGauge.Row.of(model, c.alpha()));
      if (pValues != null) {
        pValues.labels(m.ref().id()); // a series from the start, not from the first image
      }
    }
    thresholds.register(t, true);
    alphas.register(a, true);
  }

  @Override
  public void committed(ScoredBatch batch) {
    if (pValues == null) {
      return;
    }
    for (ScoreRecord s : batch.scores()) {
      if (s.judgement().pValue() != null && !s.judgement().pValue().isNaN()) {
        pValues.labels(s.model().id()).observe(s.judgement().pValue());
      }
    }
  }

  @PreDestroy
  void close() {
    thresholds.register(List.of(), true);
    alphas.register(List.of(), true);
    if (pValues != null) {
      collectors.unregister(pValues);
    }
  }
}
