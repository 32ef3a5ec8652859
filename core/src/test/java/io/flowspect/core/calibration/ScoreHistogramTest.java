package io.flowspect.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {

  @Test
  void shouldBinAReferenceAndAValueSampleAlike() {
    double[] values = {0, 0.5, 1, 1, 1.5, 2, 3, 4, -1};
    double[] edges = {0, 1, 2, 3};
    ScoreHistogram fromValues = ScoreHistogram.of(values, edges);
    ScoreHistogram fromReference = ScoreHistogram.of(ConformalReference.of(values), edges);
    // [0,1): 0, 0.5; [1,2): 1, 1, 1.5; [2,3]: 2, 3; below: -1; above: 4
    assertThat(fromValues.counts()).containsExactly(2, 3, 2);
    assertThat(fromValues.below()).isEqualTo(1);
    assertThat(fromValues.above()).isEqualTo(1);
    assertThat(fromReference).isEqualTo(fromValues);
    assertThat(fromReference.total()).isEqualTo(values.length);
  }

  @Test
  void shouldSkipNaNAndCountInfinitiesOutside() {
    ScoreHistogram h =
        ScoreHistogram.of(
            new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.5},
            ScoreHistogram.evenEdges(0, 1, 2));
    assertThat(h.counts()).containsExactly(0, 1);
    assertThat(h.below()).isEqualTo(1);
    assertThat(h.above()).isEqualTo(1);
  }

  @Test
  void shouldInterpolateASketchReference() {
    SplittableRandom random = new SplittableRandom(5);
    double[] scores = new double[ConformalReference.MAX_EXACT + 5000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextDouble();
    }
    ConformalReference sketch = ConformalReference.of(scores);
    assertThat(sketch.isSketch()).isTrue();
    double[] edges = ScoreHistogram.evenEdges(0, 1, 10);
    ScoreHistogram approx = ScoreHistogram.of(sketch, edges);
    ScoreHistogram exact = ScoreHistogram.of(scores, edges);
    assertThat(approx.total()).isEqualTo(scores.length);
    for (int i = 0; i < 10; i++) {
      assertThat(approx.counts()[i]).isCloseTo(exact.counts()[i], within(50.0));
    }
  }

  @Test
  void shouldRefuseEdgesThatAreNotStrictlyAscending() {
    assertThatThrownBy(() -> ScoreHistogram.evenEdges(1, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lo < hi");
    assertThatThrownBy(() -> ScoreHistogram.of(new double[] {1}, new double[] {0, 1, 1}))
        .hasMessageContaining("strictly ascending");
    assertThatThrownBy(() -> ScoreHistogram.evenEdges(0, 1, 0)).hasMessageContaining("bins");
  }
}
