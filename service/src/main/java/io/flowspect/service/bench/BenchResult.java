package io.flowspect.service.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one {@link ServiceBench} run measured, and the markdown it prints.
 *
 * @param bundle the bundle id
 * @param family its model family
 * @param options how the run was made
 * @param raw images/s of the raw scorer, one per round
 * @param endToEnd images/s from Kafka in to committed score records, one per round
 * @param rawCpu CPU milliseconds of the whole process per image in the raw slices, one per round
 * @param endToEndCpu the same in the end-to-end slices (pipeline, broker and clients)
 * @param latency the paced run at half the end-to-end rate
 * @param cores processors the JVM sees
 * @param loadBefore the system load average (1 min) when the run started
 * @param loadAfter the same when it ended
 */
public record BenchResult(
    String bundle,
    String family,
    BenchOptions options,
    List<Double> raw,
    List<Double> endToEnd,
    List<Double> rawCpu,
    List<Double> endToEndCpu,
    Latency latency,
    int cores,
    double loadBefore,
    double loadAfter) {

  /** The acceptance goal: end-to-end throughput at least this share of the raw scorer's. */
  public static final double GOAL = 0.9;

  /** Copies the lists. */
  public BenchResult {
    raw = List.copyOf(raw);
    endToEnd = List.copyOf(endToEnd);
    rawCpu = List.copyOf(rawCpu);
    endToEndCpu = List.copyOf(endToEndCpu);
  }

  /**
   * End-to-end latency with images paced at half the sustained rate.
   *
   * @param rate images per second sent
   * @param images images measured
   * @param p50 median from capture (send) to receipt by a read_committed consumer, ms
   * @param p99 99th percentile of the same, ms
   * @param recordP50 median of the score records' own {@code latency_ms.end_to_end} (to when the
   *     record was built, before the commit), ms
   * @param recordP99 99th percentile of the same, ms
   * @param meanBatch images per committed batch
   */
  public record Latency(
      double rate,
      int images,
      double p50,
      double p99,
      double recordP50,
      double recordP99,
      double meanBatch) {}

  /**
   * Returns the mean raw rate over the rounds.
   *
   * @return images per second
   */
  public double rawRate() {
    return mean(raw);
  }

  /**
   * Returns the mean end-to-end rate over the rounds.
   *
   * @return images per second
   */
  public double endToEndRate() {
    return mean(endToEnd);
  }

  /**
   * Returns end to end over raw.
   *
   * @return the ratio; the goal is {@link #GOAL} or more
   */
  public double ratio() {
    return endToEndRate() / rawRate();
  }

  /**
   * Returns raw CPU time per image over end-to-end CPU time per image: the throughput ratio a
   * machine with idle cores would give if CPU were the only limit, independent of how much of the
   * machine other processes take.
   *
   * @return the ratio
   */
  public double cpuRatio() {
    return mean(rawCpu) / mean(endToEndCpu);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /**
   * Returns the README tables: throughput, the rounds, latency, and how the run was made.
   *
   * @return markdown
   */
  public String markdown() {
    StringBuilder s = new StringBuilder();
    s.append(
        "| bundle | batch | delivery | raw scorer, images/s | Kafka end to end, images/s |"
            + " end to end / raw | CPU ms per image, raw / end to end | raw / end to end CPU |\n");
    s.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %s | %s | %s | %.1f%% | %.2f / %.2f | %.1f%% |%n",
            bundle,
            options.batch(),
            options.delivery().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            rate(rawRate()),
            rate(endToEndRate()),
            ratio() * 100,
            mean(rawCpu),
            mean(endToEndCpu),
            cpuRatio() * 100));
    s.append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "Rounds, images/s: raw %s; end to end %s. Goal (end to end at least %.0f%% of raw): %s.%n",
            list(raw),
            list(endToEnd),
            GOAL * 100,
            ratio() >= GOAL ? "met" : "not met"));
    s.append('\n');
    s.append(
        "| bundle | paced at, images/s | images | end to end p50, ms | p99, ms |"
            + " in the score record p50 / p99, ms | images per batch |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|\n");
    s.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %d | %.1f | %.1f | %.1f / %.1f | %.1f |%n",
            bundle,
            rate(latency.rate()),
            latency.images(),
            latency.p50(),
            latency.p99(),
            latency.recordP50(),
            latency.recordP99(),
            latency.meanBatch()));
    s.append('\n');
    s.append(
        String.format(
            Locale.ROOT,
            "%s (%s), batch %d, %s, %s ONNX Runtime threads, %d x %.0f s per kind of slice"
                + " (interleaved), %.0f s paced; %d cores, load average %.1f before and %.1f"
                + " after.%n",
            bundle,
            family,
            options.batch(),
            options.tls() ? "TLS with SASL/SCRAM-SHA-512" : "plaintext",
            options.threads() == 0 ? "default" : Integer.toString(options.threads()),
            options.rounds(),
            options.seconds(),
            options.latencySeconds(),
            cores,
            loadBefore,
            loadAfter));
    return s.toString();
  }

  private static String rate(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String list(List<Double> values) {
    return values.stream().map(BenchResult::rate).collect(Collectors.joining(", "));
  }
}
