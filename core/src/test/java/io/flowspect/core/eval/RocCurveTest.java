package io.flowspect.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void pointsByHandWithATie() {
    // Ranked: 0.9A | 0.7N | 0.6A | 0.5A+0.5N | 0.2N (3 normal, 3 anomalous)
    RocCurve roc = RocCurve.of(new double[] {0.5, 0.2, 0.7}, new double[] {0.9, 0.5, 0.6});

    assertThat(roc.thresholds()).containsExactly(INF, 0.9, 0.7, 0.6, 0.5, 0.2);
    assertThat(roc.fpr()).containsExactly(0, 0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1);
    assertThat(roc.tpr()).containsExactly(0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1, 1);
    // trapezoids: 1/3 * 1/3 + 1/3 * (2/3 + 1) / 2 + 1/3 * 1 = 13/18
    assertThat(roc.area()).isCloseTo(13.0 / 18, within(1e-15));
    assertThat(roc.fprAtTpr(0.5)).isEqualTo(1.0 / 3);
    assertThat(roc.fprAtTpr(1.0)).isEqualTo(2.0 / 3);
  }

  @Test
  void downsampleDropsRunsOfAStaircaseExactly() {
    // 9 points: up the left edge, then along the top edge
    RocCurve roc = RocCurve.of(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8});
    assertThat(roc.size()).isEqualTo(9);

    RocCurve small = roc.downsample(3);

    assertThat(small.fpr()).containsExactly(0, 0, 1);
    assertThat(small.tpr()).containsExactly(0, 1, 1);
    assertThat(small.thresholds()).containsExactly(INF, 5, 1);
    assertThat(roc.downsample(9)).isSameAs(roc);
  }

  @Test
  void downsampleKeepsTheShapeOfALargeCurve() {
    Random random = new Random(7);
    double[] normal = new double[5000];
    double[] anomalous = new double[3000];
    for (int i = 0; i < normal.length; i++) {
      normal[i] = random.nextGaussian();
    }
    for (int i = 0; i < anomalous.length; i++) {
      anomalous[i] = random.nextGaussian() + 1.5;
    }
    RocCurve roc = RocCurve.of(normal, anomalous);

    RocCurve small = roc.downsample(50);

    assertThat(small.size()).isBetween(40, 50);
    assertThat(small.fpr()[0]).isEqualTo(0.0);
    assertThat(small.tpr()[0]).isEqualTo(0.0);
    assertThat(small.fpr()[small.size() - 1]).isEqualTo(1.0);
    assertThat(small.tpr()[small.size() - 1]).isEqualTo(1.0);
    for (int k = 1; k < small.size(); k++) {
      assertThat(small.fpr()[k]).isGreaterThanOrEqualTo(small.fpr()[k - 1]);
      assertThat(small.tpr()[k]).isGreaterThanOrEqualTo(small.tpr()[k - 1]);
      assertThat(small.thresholds()[k]).isLessThan(small.thresholds()[k - 1]);
    }
    // the binormal AUROC for a shift of 1.5 is Phi(1.5 / sqrt 2) = 0.8556
    assertThat(roc.area()).isCloseTo(0.8556, within(0.01));
    assertThat(small.area()).isCloseTo(roc.area(), within(0.005));
  }

  @Test
  void preconditionsNameTheArgument() {
    RocCurve roc = RocCurve.of(new double[] {1}, new double[] {2});
    assertThatThrownBy(() -> roc.downsample(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPoints must be at least 2, got 1");
    assertThatThrownBy(() -> roc.fprAtTpr(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minTpr must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> new RocCurve(new double[2], new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fpr, tpr and thresholds must have one length, got 2, 2 and 3");
  }
}
