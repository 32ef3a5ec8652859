package io.flowspect.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.score.Score;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionScoreTest {

  @Test
  void parsesSingleScoresAndFisherCombinations() {
    assertThat(DecisionScore.parse(" LLR ").components()).containsExactly(Score.LLR);
    DecisionScore fisher = DecisionScore.parse("fisher:complexity+llr");
    assertThat(fisher.isFisher()).isTrue();
    assertThat(fisher.components()).containsExactly(Score.COMPLEXITY, Score.LLR);
    assertThat(fisher.id()).isEqualTo("fisher:complexity+llr");
    assertThat(DecisionScore.parse(fisher.id())).isEqualTo(fisher);
  }

  @Test
  void refusesUnknownAndDegenerateSpecs() {
    assertThatThrownBy(() -> DecisionScore.parse("likelihood"))
        .hasMessageContaining("unknown score 'likelihood'")
        .hasMessageContaining("complexity");
    assertThatThrownBy(() -> DecisionScore.parse("fisher:llr")).hasMessageContaining("two");
    assertThatThrownBy(() -> new DecisionScore(List.of(Score.LLR, Score.LLR)))
        .hasMessageContaining("twice");
  }

  @Test
  void fisherStatisticIsMinusTwiceTheSumOfLogPValues() {
    assertThat(DecisionScore.fisherStatistic(new double[] {0.5, 0.25}))
        .isCloseTo(-2 * (Math.log(0.5) + Math.log(0.25)), within(1e-12));
    assertThat(DecisionScore.fisherStatistic(new double[] {1, 1})).isZero();
  }
}
