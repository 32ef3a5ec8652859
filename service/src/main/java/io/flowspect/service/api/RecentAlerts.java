package io.flowspect.service.api;

import io.flowspect.service.output.AlertRecord;
import io.flowspect.service.pipeline.PipelineObserver;
import io.flowspect.service.pipeline.ScoredBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link ApiSettings#recentAlerts()} alerts the pipeline committed, in memory, for {@code
 * GET /api/v1/alerts}: what an operator looks at first, without a Kafka consumer. Lost on restart;
 * the {@code flowspect.alerts} topic is the durable record. Thread-safe.
 */
@ApplicationScoped
public class RecentAlerts implements PipelineObserver {

  private final AlertRecord[] ring;
  private int next;
  private int size;

  /**
   * Creates an empty buffer.
   *
   * @param settings the buffer size
   */
  public RecentAlerts(ApiSettings settings) {
    if (settings.recentAlerts() < 1) {
      throw new IllegalArgumentException(
          "flowspect.api.recent-alerts must be at least 1, got " + settings.recentAlerts());
    }
    this.ring = new AlertRecord[settings.recentAlerts()];
  }

  @Override
  public synchronized void committed(ScoredBatch batch) {
    for (AlertRecord a : batch.alerts()) {
      ring[next] = a;
      next = (next + 1) % ring.length;
      size = Math.min(size + 1, ring.length);
    }
  }

  /**
   * Returns the newest alerts.
   *
   * @param limit at most this many
   * @return newest first
   */
  public synchronized List<AlertRecord> latest(int limit) {
    int n = Math.min(Math.max(0, limit), size);
    List<AlertRecord> out = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      out.add(ring[(next - i + ring.length) % ring.length]);
    }
    return out;
  }

  /**
   * Returns the buffer's capacity.
   *
   * @return {@link ApiSettings#recentAlerts()}
   */
  public int capacity() {
    return ring.length;
  }
}
