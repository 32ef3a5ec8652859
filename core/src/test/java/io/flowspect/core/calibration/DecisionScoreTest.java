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

  @Test
  void tippettTakesTheSmallestPValue() {
    DecisionScore tippett = DecisionScore.parse(" Tippett:complexity+local ");
    assertThat(tippett.isFisher()).as("a combination, calibrated on its own half").isTrue();
    assertThat(tippett.combination()).isEqualTo(DecisionScore.Combination.TIPPETT);
    assertThat(tippett.components()).containsExactly(Score.COMPLEXITY, Score.LOCAL);
    assertThat(tippett.id()).isEqualTo("tippett:complexity+local");
    assertThat(DecisionScore.parse(tippett.id())).isEqualTo(tippett);
    assertThat(tippett.statistic(new double[] {0.5, 0.01}))
        .isCloseTo(-2 * Math.log(0.01), within(1e-12));
    // One very surprising score outranks two somewhat surprising ones, unlike Fisher's sum.
    DecisionScore fisher = DecisionScore.parse("fisher:complexity+local");
    double[] oneStrong = {0.9, 0.002};
    double[] bothMild = {0.04, 0.04};
    assertThat(tippett.statistic(oneStrong)).isGreaterThan(tippett.statistic(bothMild));
    assertThat(fisher.statistic(oneStrong)).isLessThan(fisher.statistic(bothMild));
    assertThat(DecisionScore.single(Score.BPD).combination()).isNull();
    assertThatThrownBy(() -> DecisionScore.parse("tippett:llr")).hasMessageContaining("two");
  }

  @Test
  void weightedTippettSpendsTheBudgetAsWritten() {
    DecisionScore w = DecisionScore.parse("tippett:complexity+local*0.2");
    assertThat(w.weights()).containsExactly(0.8, 0.2);
    assertThat(w.id()).isEqualTo("tippett:complexity*0.8+local*0.2");
    assertThat(DecisionScore.parse(w.id())).isEqualTo(w);
    // -2 ln min(p_j / (k w_j)): local's p of 0.01 counts as 0.01 / 0.4 = 0.025, complexity's 0.05
    // as 0.05 / 1.6 = 0.031; with 0.02 local's counts as 0.05 and complexity's decides.
    assertThat(w.statistic(new double[] {0.05, 0.01}))
        .isCloseTo(-2 * Math.log(0.01 / 0.4), within(1e-12));
    assertThat(w.statistic(new double[] {0.05, 0.02}))
        .isCloseTo(-2 * Math.log(0.05 / 1.6), within(1e-12));
    // Equal weights are the unweighted statistic, so existing calibrations keep their meaning.
    DecisionScore equal = DecisionScore.parse("tippett:complexity*0.5+local*0.5");
    assertThat(equal).isEqualTo(DecisionScore.parse("tippett:complexity+local"));
    assertThat(equal.id()).isEqualTo("tippett:complexity+local");
    assertThatThrownBy(() -> DecisionScore.parse("fisher:complexity+local*0.2"))
        .hasMessageContaining("Tippett");
    assertThatThrownBy(() -> DecisionScore.parse("tippett:complexity*0.7+local*0.2"))
        .hasMessageContaining("sum to 1");
    assertThatThrownBy(() -> DecisionScore.parse("tippett:complexity+local*x"))
        .hasMessageContaining("'x' is not a number");
  }
}
