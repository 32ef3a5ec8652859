package io.flowspect.service.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What the service's own metrics keep ({@code flowspect.metrics.*}). */
@ConfigMapping(prefix = "flowspect.metrics")
public interface MetricsSettings {

  /**
   * p-values per line in the drift statistic's window. Default 500: the KS distance of 500 draws
   * from the uniform distribution stays below about 0.06 with 95% probability, so a sustained value
   * well above that is a real shift, yet the window turns over within minutes on a busy line.
   *
   * @return the window length, at least 1
   */
  @WithDefault("500")
  int driftWindow();

  /**
   * Distinct {@code line} label values, configured lines excepted; later lines are labelled {@code
   * other}. Default 100: line ids come from record keys, and a producer sending random keys must
   * not create unbounded time series.
   *
   * @return the limit
   */
  @WithDefault("100")
  int maxLines();

  /**
   * How often new Kafka client metrics (e.g. the lag of a newly assigned partition) are picked up.
   * Default 60 s, Micrometer's default.
   *
   * @return the interval
   */
  @WithDefault("60s")
  Duration kafkaRefresh();
}
