package io.flowspect.service.demo;

import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.pipeline.PipelineObserver;
import io.flowspect.service.pipeline.ScoredBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Logs, every {@link DemoSettings#reportInterval()}, what the demo's committed images came to: how
 * many were scored, how fast, and how many of each kind raised an alert. Demo image ids say what
 * each image really is ({@link DemoKind#ofImageId}), so the console shows at a glance whether the
 * model catches digits and defects and how often it flags normal images.
 *
 * <p>Sees only committed batches, like the metrics; scores of images that are not the demo's are
 * ignored (dead letters are counted whatever their source). Thread-safe; runs on the pipeline
 * thread and only counts (a log line per interval at most).
 */
@ApplicationScoped
public class DemoReport implements PipelineObserver {

  private static final Logger LOG = Logger.getLogger(DemoReport.class);

  /** The kinds a summary reports alerts of, in its order. */
  private static final List<DemoKind> REPORTED =
      List.of(DemoKind.DIGIT, DemoKind.DEFECT, DemoKind.NORMAL, DemoKind.FRAME, DemoKind.SENSOR);

  private final long intervalNanos;
  private final Map<DemoKind, int[]> counts = new EnumMap<>(DemoKind.class);
  private double[] latencies = new double[256];
  private int latencyCount;
  private int deadLetters;
  private long since = System.nanoTime();

  /**
   * Creates the report.
   *
   * @param settings the interval
   */
  public DemoReport(DemoSettings settings) {
    Duration every = settings.reportInterval();
    this.intervalNanos = every.isNegative() || every.isZero() ? 0 : every.toNanos();
    reset();
  }

  @Override
  public synchronized void committed(ScoredBatch batch) {
    if (intervalNanos == 0) {
      return;
    }
    for (ScoreRecord s : batch.scores()) {
      DemoKind kind = DemoKind.ofImageId(s.imageId());
      if (kind == null) {
        continue;
      }
      counts.get(kind)[0]++;
      if (Boolean.TRUE.equals(s.judgement().anomaly())) {
        counts.get(kind)[1]++;
      }
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencyCount * 2);
      }
      latencies[latencyCount++] = s.latencyMs().endToEnd();
    }
    // Dead letters carry no image id here: all of them are counted.
    deadLetters += batch.deadLetters().size();
    long now = System.nanoTime();
    if (now - since >= intervalNanos && latencyCount > 0) {
      LOG.info(summary(Duration.ofNanos(now - since)));
      reset();
      since = now;
    }
  }

  private String summary(Duration over) {
    return summary(over, counts, Arrays.copyOf(latencies, latencyCount), deadLetters);
  }

  /**
   * The log line of one interval.
   *
   * @param over the interval
   * @param counts per kind, images scored and alerts among them
   * @param latencies end-to-end latencies, milliseconds, at least one
   * @param deadLetters dead letters in the interval
   * @return the line
   */
  static String summary(
      Duration over, Map<DemoKind, int[]> counts, double[] latencies, int deadLetters) {
    double[] sorted = latencies.clone();
    Arrays.sort(sorted);
    int scored = 0;
    for (int[] c : counts.values()) {
      scored += c[0];
    }
    StringBuilder alerts = new StringBuilder();
    for (DemoKind kind : REPORTED) {
      int[] c = counts.getOrDefault(kind, new int[2]);
      alerts.append(alerts.length() == 0 ? "" : ", ").append(c[1]).append(" of ").append(c[0]);
      alerts.append(' ').append(kind.plural());
    }
    return String.format(
        Locale.ROOT,
        "demo, last %d s: %d images scored (%.1f/s, end to end p50 %.0f ms, max %.0f ms);"
            + " alerts: %s; %d dead letter%s",
        over.toSeconds(),
        scored,
        scored / (over.toNanos() / 1e9),
        sorted[sorted.length / 2],
        sorted[sorted.length - 1],
        alerts,
        deadLetters,
        deadLetters == 1 ? "" : "s");
  }

  private void reset() {
    for (DemoKind k : DemoKind.values()) {
      counts.put(k, new int[2]);
    }
    latencyCount = 0;
    deadLetters = 0;
  }
}
