package io.flowspect.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link PromQl} reads out of the kinds of expressions dashboards and rules use. */
class PromQlTest {

  @Test
  void shouldFindMetricsInsideFunctionsAndAggregations() {
    PromQl q =
        PromQl.of(
            "histogram_quantile(0.99, sum by (le, model) (rate(flowspect_inference_seconds_bucket"
                + "{model=~\"$model\"}[$__rate_interval])))");
    assertThat(q.metrics()).containsExactly("flowspect_inference_seconds_bucket");
    assertThat(q.matchers().get("flowspect_inference_seconds_bucket")).containsExactly("model");
    assertThat(q.grouping()).containsExactly("le", "model");
  }

  @Test
  void shouldReadBinaryOperationsWithVectorMatching() {
    PromQl q =
        PromQl.of(
            "(sum by (model, line) (rate(flowspect_alerts_total[10m])) / sum by (model, line)"
                + " (rate(flowspect_images_total{decision!=\"unknown\"}[10m]))) > on (model)"
                + " group_left () (5 * max by (model) (flowspect_model_alpha)) and on (model,"
                + " line) sum by (model, line) (increase(flowspect_images_total[10m])) >= 200");
    assertThat(q.metrics())
        .containsExactlyInAnyOrder(
            "flowspect_alerts_total", "flowspect_images_total", "flowspect_model_alpha");
    assertThat(q.matchers().get("flowspect_images_total")).containsExactly("decision");
    assertThat(q.grouping()).containsExactlyInAnyOrder("model", "line");
  }

  @Test
  void shouldIgnoreStringsNumbersDurationsAndKeywords() {
    PromQl q =
        PromQl.of(
            "max by (model, quantile) (flowspect_score{quantile=~\"0.5|0.99\", score=\"a{2}b\"} and"
                + " on (model, score) flowspect_model_threshold) offset 5m > bool 1e3"
                + " unless flowspect_drift_ks[10m:1m]");
    assertThat(q.metrics())
        .containsExactlyInAnyOrder(
            "flowspect_score", "flowspect_model_threshold", "flowspect_drift_ks");
    assertThat(q.matchers().get("flowspect_score")).containsExactly("quantile", "score");
  }

  @Test
  void shouldReadGrafanaLabelValues() {
    PromQl q = PromQl.of("label_values(flowspect_images_total{model=~\"$model\"}, line)");
    assertThat(q.metrics()).containsExactly("flowspect_images_total");
    assertThat(q.grouping()).containsExactly("line");
    assertThat(PromQl.of("label_values(line)").metrics()).isEmpty();
  }
}
