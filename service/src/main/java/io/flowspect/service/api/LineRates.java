package io.flowspect.service.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code GET /api/v1/lines}: per line, what the pipeline committed since start-up, read
 * from the same counters as {@code /q/metrics} ({@code flowspect_images_total}, {@code
 * flowspect_alerts_total}, {@code flowspect_drift_ks}). Rates follow from two readings: {@code
 * (images2 - images1) / (at2 - at1)}.
 *
 * @param at when the counters were read, ISO-8601
 * @param lines one entry per line label, by name
 * @param deadLetters inputs sent to the dead-letter topic, all reasons (they have no line)
 */
public record LineRates(String at, List<Line> lines, long deadLetters) {

  /**
   * One line's counts.
   *
   * @param line the line label (the record key; {@code other} beyond {@code
   *     flowspect.metrics.max-lines}, {@code none} without a key)
   * @param images images scored, every model
   * @param normal images decided normal
   * @param anomaly images decided anomalous
   * @param unknown images of uncalibrated models
   * @param alerts alert records
   * @param anomalyShare {@code anomaly / (normal + anomaly)}; null before the first decision
   * @param driftKs Kolmogorov-Smirnov distance of the line's recent p-values from uniform; null
   *     before the first p-value
   */
  @Schema(name = "LineCounts")
  public record Line(
      String line,
      long images,
      long normal,
      long anomaly,
      long unknown,
      long alerts,
      Double anomalyShare,
      Double driftKs) {}
}
