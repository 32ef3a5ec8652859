package io.flowspect.core.eval;

import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.score.Score;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Which decision scores an evaluation compares, and which of them wins. */
public final class Candidates {

  private Candidates() {}

  /**
   * Returns the default candidates: every single score, and Fisher's combination of each pair
   * (leaving out {@code log_px}, which {@code bpd} restates, and {@code iwae}, which a latent
   * model's {@code bpd} already is).
   *
   * @param available the scores the model gives
   * @param maps whether evidence maps are computed, adding {@code local}
   * @return the candidates, singles first
   */
  public static List<DecisionScore> defaults(Collection<Score> available, boolean maps) {
    List<DecisionScore> out = new ArrayList<>();
    List<Score> singles = new ArrayList<>(available);
    if (maps) {
      singles.add(Score.LOCAL);
    }
    for (Score s : singles) {
      out.add(DecisionScore.single(s));
    }
    List<Score> combinable = new ArrayList<>(singles);
    combinable.remove(Score.LOG_PX);
    combinable.remove(Score.IWAE);
    for (int i = 0; i < combinable.size(); i++) {
      for (int j = i + 1; j < combinable.size(); j++) {
        out.add(new DecisionScore(List.of(combinable.get(i), combinable.get(j))));
      }
    }
    return out;
  }

  /**
   * Returns the candidate with the highest mean AUROC over the evaluated sets.
   *
   * @param results the evaluated candidates
   * @return the best one (the first of equals)
   * @throws IllegalStateException when there is none
   */
  public static CandidateResult best(List<CandidateResult> results) {
    CandidateResult best = null;
    double bestAuroc = Double.NEGATIVE_INFINITY;
    for (CandidateResult r : results) {
      double mean = meanAuroc(r);
      if (mean > bestAuroc) {
        bestAuroc = mean;
        best = r;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no candidate score was evaluated");
    }
    return best;
  }

  /**
   * Returns a candidate's mean AUROC over its sets.
   *
   * @param result the candidate
   * @return the mean, 0 without sets
   */
  public static double meanAuroc(CandidateResult result) {
    return result.metrics().values().stream()
        .mapToDouble(DetectionMetrics::auroc)
        .average()
        .orElse(0);
  }
}
