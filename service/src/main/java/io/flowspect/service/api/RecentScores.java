package io.flowspect.service.api;

import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.pipeline.PipelineObserver;
import io.flowspect.service.pipeline.ScoredBatch;
import io.flowspect.service.routing.ModelRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decision values of the last {@link ApiSettings#recentScores()} images each model scored in
 * the pipeline (committed only), for the live histogram and the threshold preview of the operator
 * page: how the current stream sits against the threshold, next to the calibration images. In
 * memory, lost on restart; images scored through {@code POST /api/v1/score} are not kept.
 * Thread-safe.
 */
@ApplicationScoped
public class RecentScores implements PipelineObserver {

  private final int capacity;
  private final Map<ModelRef, Ring> rings = new ConcurrentHashMap<>();

  /**
   * Creates empty buffers.
   *
   * @param settings the buffer size
   */
  public RecentScores(ApiSettings settings) {
    if (settings.recentScores() < 1) {
      throw new IllegalArgumentException(
          "flowspect.api.recent-scores must be at least 1, got " + settings.recentScores());
    }
    this.capacity = settings.recentScores();
  }

  @Override
  public void committed(ScoredBatch batch) {
    for (ScoreRecord s : batch.scores()) {
      if (s.judgement().score() != null && !s.judgement().score().isNaN()) {
        rings
            .computeIfAbsent(s.model(), m -> new Ring(capacity))
            .add(s.judgement().scoreName(), s.judgement().score());
      }
    }
  }

  /**
   * Returns a model's recent values of one decision score, oldest first.
   *
   * @param model the model (id and version: a reloaded bundle of another version starts afresh)
   * @param scoreName the decision score; values of another score (before a recalibration that
   *     changed it) are left out
   * @return the values, at most {@link ApiSettings#recentScores()}
   */
  public double[] latest(ModelRef model, String scoreName) {
    Ring ring = rings.get(model);
    return ring == null ? new double[0] : ring.values(scoreName);
  }

  /** A fixed-size ring of (score name, value). */
  private static final class Ring {
    private final String[] names;
    private final double[] values;
    private int next;
    private int size;

    Ring(int capacity) {
      this.names = new String[capacity];
      this.values = new double[capacity];
    }

    synchronized void add(String name, double value) {
      names[next] = name;
      values[next] = value;
      next = (next + 1) % values.length;
      size = Math.min(size + 1, values.length);
    }

    synchronized double[] values(String name) {
      double[] out = new double[size];
      int n = 0;
      for (int i = size; i >= 1; i--) {
        int at = (next - i + values.length) % values.length;
        if (name.equals(names[at])) {
          out[n++] = values[at];
        }
      }
      return Arrays.copyOf(out, n);
    }
  }
}
