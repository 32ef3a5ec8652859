package io.flowspect.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftWindowTest {

  @Test
  void shouldComputeTheKolmogorovSmirnovDistanceFromUniform() {
    // One value at 0.5: the empirical CDF jumps from 0 to 1 there, 0.5 away from p.
    assertThat(DriftWindow.ks(new double[] {0.5})).isEqualTo(0.5);
    // Values at the midpoints (i - 0.5) / n: the closest a sample of n gets, 0.5 / n.
    double[] mid = new double[10];
    for (int i = 0; i < 10; i++) {
      mid[i] = (i + 0.5) / 10;
    }
    assertThat(DriftWindow.ks(mid)).isCloseTo(0.05, within(1e-12));
    // Every p-value near 0: total drift.
    assertThat(DriftWindow.ks(new double[] {0.001, 0.002, 0.003})).isCloseTo(0.997, within(1e-12));
    // Order does not matter; {0.2, 0.9}: max(0.5 - 0.2, 1 - 0.9, 0.2 - 0, 0.9 - 0.5) = 0.4.
    assertThat(DriftWindow.ks(new double[] {0.9, 0.2})).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void shouldStaySmallForUniformPValuesAndGrowForShiftedOnes() {
    Random r = new Random(3);
    DriftWindow uniform = new DriftWindow(500);
    DriftWindow shifted = new DriftWindow(500);
    for (int i = 0; i < 2000; i++) {
      double u = r.nextDouble();
      uniform.add(u);
      shifted.add(u * u);
    }
    // 1.63 / sqrt(500) = 0.073 is the 99% point of the KS distance under no drift.
    assertThat(uniform.ks()).isLessThan(0.073);
    assertThat(shifted.ks()).isGreaterThan(0.2);
  }

  @Test
  void shouldKeepOnlyTheLastValuesAndIgnoreNaN() {
    DriftWindow w = new DriftWindow(2);
    assertThat(w.ks()).isNaN();
    w.add(0.01);
    w.add(Double.NaN);
    w.add(0.25);
    w.add(0.75);
    assertThat(w.size()).isEqualTo(2);
    // {0.25, 0.75} only: the 0.01 was dropped.
    assertThat(w.ks()).isCloseTo(0.25, within(1e-12));
  }
}
