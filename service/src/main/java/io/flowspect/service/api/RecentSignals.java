package io.flowspect.service.api;

import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.pipeline.PipelineObserver;
import io.flowspect.service.pipeline.ScoredBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest sensor recording the pipeline committed on each line, for the operator page's sensor
 * panel: the signal with its per-sample evidence and hottest time span, whatever its verdict (an
 * operator watching a machine wants to see its healthy signal too, not only alerts). In memory, at
 * most {@value #MAX_LINES} lines (the least recently updated is dropped), lost on restart.
 * Thread-safe.
 */
@ApplicationScoped
public class RecentSignals implements PipelineObserver {

  /** The most sensor lines kept. */
  public static final int MAX_LINES = 32;

  private final Map<String, ScoreRecord> byLine = new LinkedHashMap<>(16, 0.75f, true);

  @Override
  public void committed(ScoredBatch batch) {
    synchronized (byLine) {
      for (ScoreRecord s : batch.scores()) {
        if (s.judgement().signal() == null) {
          continue;
        }
        byLine.put(s.line() == null ? "" : s.line(), s);
        if (byLine.size() > MAX_LINES) {
          byLine.remove(byLine.keySet().iterator().next());
        }
      }
    }
  }

  /**
   * Returns the newest recording of every sensor line.
   *
   * @return one score record per line, ordered by line
   */
  public List<ScoreRecord> latest() {
    List<ScoreRecord> out;
    synchronized (byLine) {
      out = new ArrayList<>(byLine.values());
    }
    out.sort(Comparator.comparing(s -> s.line() == null ? "" : s.line()));
    return out;
  }
}
