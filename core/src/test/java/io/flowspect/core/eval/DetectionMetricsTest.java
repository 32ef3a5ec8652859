package io.flowspect.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {

  private static final double EXACT = 1e-15;

  @Test
  void perfectSeparationScoresOne() {
    DetectionMetrics m = DetectionMetrics.of(new double[] {1, 2, 3}, new double[] {4, 5});

    assertThat(m.auroc()).isEqualTo(1.0);
    assertThat(m.auprc()).isEqualTo(1.0);
    assertThat(m.fprAt95Tpr()).isEqualTo(0.0);
    assertThat(m.fprAt80Tpr()).isEqualTo(0.0);
    assertThat(m.nNormal()).isEqualTo(3);
    assertThat(m.nAnomalous()).isEqualTo(2);
  }

  @Test
  void reversedSeparationScoresZero() {
    DetectionMetrics m = DetectionMetrics.of(new double[] {4, 5}, new double[] {1, 2, 3});

    assertThat(m.auroc()).isEqualTo(0.0);
    // every normal score outranks every anomalous one: catching any anomaly flags all normals
    assertThat(m.fprAt95Tpr()).isEqualTo(1.0);
    assertThat(m.fprAt80Tpr()).isEqualTo(1.0);
    // Ranked 5N 4N 3A 2A 1A: recall steps of 1/3 at precisions 1/3, 2/4, 3/5
    assertThat(m.auprc()).isCloseTo((1.0 / 3 + 1.0 / 2 + 3.0 / 5) / 3, within(EXACT));
  }

  @Test
  void allTiedIsChance() {
    DetectionMetrics m = DetectionMetrics.of(new double[] {7, 7, 7}, new double[] {7});

    assertThat(m.auroc()).isEqualTo(0.5);
    assertThat(m.auprc()).isEqualTo(0.25); // one threshold, precision 1 / 4
    assertThat(m.fprAt95Tpr()).isEqualTo(1.0);
  }

  @Test
  void threeVersusThreeWithATieByHand() {
    // Pairs (anomalous vs normal {0.2, 0.5, 0.7}):
    //   0.5 -> beats 0.2, ties 0.5, loses to 0.7 = 1.5
    //   0.6 -> beats 0.2 and 0.5 = 2
    //   0.9 -> beats all = 3
    // AUROC = 6.5 / 9 = 13/18.
    // Ranked: 0.9A | 0.7N | 0.6A | 0.5A+0.5N | 0.2N
    //   AP = 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/5 = 34/45
    //   TPR >= 0.8 and >= 0.95 first reached at threshold 0.5 with 2 of 3 normals flagged.
    DetectionMetrics m =
        DetectionMetrics.of(new double[] {0.5, 0.2, 0.7}, new double[] {0.9, 0.5, 0.6});

    assertThat(m.auroc()).isCloseTo(13.0 / 18, within(EXACT));
    assertThat(m.auprc()).isCloseTo(34.0 / 45, within(EXACT));
    assertThat(m.fprAt95Tpr()).isCloseTo(2.0 / 3, within(EXACT));
    assertThat(m.fprAt80Tpr()).isCloseTo(2.0 / 3, within(EXACT));
  }

  @Test
  void fprAtFixedTprByHand() {
    // Anomalous 1..20. TPR >= 0.95 needs 19 of 20 flagged: threshold 2 at the strictest, which
    // flags the normals 2.5 .. 8.5 and 30, 8 of 10. TPR >= 0.80 needs 16: threshold 5, flagging
    // 5.5, 6.5, 7.5, 8.5 and 30, 5 of 10.
    double[] anomalous = new double[20];
    for (int i = 0; i < 20; i++) {
      anomalous[i] = i + 1;
    }
    double[] normal = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 30};

    DetectionMetrics m = DetectionMetrics.of(normal, anomalous);

    assertThat(m.fprAt95Tpr()).isEqualTo(0.8);
    assertThat(m.fprAt80Tpr()).isEqualTo(0.5);
  }

  @Test
  void averagePrecisionByHand() {
    // Ranked: 10A 9N 8A 7N 6N 5A 1N. Recall steps of 1/3 at precisions 1/1, 2/3, 3/6.
    // AP = (1 + 2/3 + 1/2) / 3 = 13/18.
    DetectionMetrics m = DetectionMetrics.of(new double[] {9, 7, 6, 1}, new double[] {10, 8, 5});

    assertThat(m.auprc()).isCloseTo(13.0 / 18, within(EXACT));
    // AUROC: 10 beats 4, 8 beats 3, 5 beats 1 -> 8 / 12
    assertThat(m.auroc()).isCloseTo(8.0 / 12, within(EXACT));
  }

  @Test
  void infinitiesAreOrdinaryExtremeScores() {
    // Each +inf anomalous score beats -inf and 0 and ties +inf: 2.5 per anomalous, 5 of 6 pairs.
    double inf = Double.POSITIVE_INFINITY;
    DetectionMetrics m = DetectionMetrics.of(new double[] {-inf, 0, inf}, new double[] {inf, inf});

    assertThat(m.auroc()).isCloseTo(5.0 / 6, within(EXACT));
    // the first threshold (+inf) flags both anomalous and one normal: FPR 1/3, precision 2/3
    assertThat(m.fprAt95Tpr()).isCloseTo(1.0 / 3, within(EXACT));
    assertThat(m.auprc()).isCloseTo(2.0 / 3, within(EXACT));
  }

  @Test
  void negativeZeroTiesWithZero() {
    assertThat(DetectionMetrics.of(new double[] {-0.0}, new double[] {0.0}).auroc()).isEqualTo(0.5);
  }

  @Test
  void aurocAgreesWithThePairwiseDefinition() {
    Random random = new Random(20240611L);
    double[] normal = new double[1000];
    double[] anomalous = new double[1000];
    for (int i = 0; i < 1000; i++) {
      // rounded to one decimal so that many scores tie, within and across the samples
      normal[i] = Math.round(random.nextGaussian() * 10) / 10.0;
      anomalous[i] = Math.round((random.nextGaussian() + 0.7) * 10) / 10.0;
    }
    double pairs = 0;
    for (double a : anomalous) {
      for (double n : normal) {
        pairs += a > n ? 1 : a == n ? 0.5 : 0;
      }
    }
    double expected = pairs / (1000.0 * 1000.0);

    double auroc = DetectionMetrics.of(normal, anomalous).auroc();

    assertThat(expected).isBetween(0.6, 0.8); // the test data really overlaps
    assertThat(auroc).isCloseTo(expected, within(1e-12));
    assertThat(RocCurve.of(normal, anomalous).area()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void inputsAreNotModified() {
    double[] normal = {3, 1, 2};
    double[] anomalous = {-0.0, 5};

    DetectionMetrics.of(normal, anomalous);

    assertThat(normal).containsExactly(3, 1, 2);
    assertThat(Double.doubleToRawLongBits(anomalous[0]))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void nanIsRefusedWithArrayAndIndex() {
    assertThatThrownBy(() -> DetectionMetrics.of(new double[] {1}, new double[] {2, 3, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("anomalous[2] is NaN");
    assertThatThrownBy(() -> DetectionMetrics.of(new double[] {Double.NaN}, new double[] {2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("normal[0] is NaN");
  }

  @Test
  void emptySamplesAreRefused() {
    assertThatThrownBy(() -> DetectionMetrics.of(new double[0], new double[] {2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("normal must hold at least one score, got 0");
  }

  @Test
  void recordRejectsRatesOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new DetectionMetrics(1.5, 0.5, 0.1, 0.1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auroc must be in [0, 1], got 1.5");
  }
}
