package io.flowspect.service.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.inspect.Judgement;
import io.flowspect.service.ingest.SourceRef;
import io.flowspect.service.output.Latencies;
import io.flowspect.service.output.ScoreRecord;
import io.flowspect.service.pipeline.ScoredBatch;
import io.flowspect.service.routing.ModelRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentScoresTest {

  private static final ModelRef MADE = new ModelRef("made", "1", "made");
  private static final ModelRef NICE = new ModelRef("nice", "1", "nice");

  @Test
  void shouldKeepTheLastValuesOfEachModelOldestFirst() {
    RecentScores recent = new RecentScores(settings(3));
    recent.committed(batch(score(MADE, "complexity", 1.0), score(NICE, "complexity", 10.0)));
    recent.committed(
        batch(
            score(MADE, "complexity", 2.0),
            score(MADE, "complexity", 3.0),
            score(MADE, "complexity", 4.0)));
    assertThat(recent.latest(MADE, "complexity")).containsExactly(2, 3, 4);
    assertThat(recent.latest(NICE, "complexity")).containsExactly(10);
    assertThat(recent.latest(new ModelRef("made", "2", "made"), "complexity")).isEmpty();
  }

  @Test
  void shouldLeaveOutOtherScoresAndMissingValues() {
    RecentScores recent = new RecentScores(settings(10));
    recent.committed(
        batch(
            score(MADE, "bpd", 5.0),
            score(MADE, "complexity", 1.0),
            score(MADE, "complexity", null),
            score(MADE, "complexity", Double.NaN)));
    assertThat(recent.latest(MADE, "complexity")).containsExactly(1);
    assertThat(recent.latest(MADE, "bpd")).containsExactly(5);
  }

  @Test
  void shouldRefuseAnEmptyBuffer() {
    assertThatThrownBy(() -> new RecentScores(settings(0)))
        .hasMessageContaining("flowspect.api.recent-scores");
  }

  private static ScoredBatch batch(ScoreRecord... scores) {
    return new ScoredBatch(List.of(), List.of(scores), List.of(), List.of(), List.of());
  }

  private static ScoreRecord score(ModelRef model, String name, Double value) {
    return new ScoreRecord(
        "img",
        "line-1",
        model,
        new Judgement(name, value, 2.0, 0.5, false, Map.of(), Map.of(), List.of(), null),
        null,
        "2026-11-21T00:00:00Z",
        new SourceRef("flowspect.images", 0, 0),
        1,
        new Latencies(0, 0, 0, 0),
        null);
  }

  private static ApiSettings settings(int recentScores) {
    return new ApiSettings() {
      @Override
      public Optional<String> adminToken() {
        return Optional.empty();
      }

      @Override
      public long maxImageBytes() {
        return 1;
      }

      @Override
      public int recentAlerts() {
        return 1;
      }

      @Override
      public int recentScores() {
        return recentScores;
      }

      @Override
      public double scoreRate() {
        return 1;
      }

      @Override
      public int scoreBurst() {
        return 1;
      }
    };
  }
}
