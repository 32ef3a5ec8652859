package io.flowspect.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AxisTest {

  @Test
  void unitRangeInFiveSteps() {
    Axis axis = Axis.spanning(0, 1, 5);

    assertThat(axis.step()).isCloseTo(0.2, within(1e-15));
    assertThat(axis.ticks()).hasSize(6);
    assertThat(axis.ticks().get(5)).isCloseTo(1.0, within(1e-12));
    assertThat(axis.label(axis.ticks().get(3))).isEqualTo("0.6");
  }

  @Test
  void upToRoundsTheTopToTheNextTick() {
    // raw step 0.13 / 5 = 0.026 -> 2.6e-2 rounds up to 5e-2; 0.13 / 0.05 = 2.6 -> 3 steps = 0.15
    Axis axis = Axis.upTo(0, 0.13, 5);

    assertThat(axis.step()).isCloseTo(0.05, within(1e-15));
    assertThat(axis.hi()).isCloseTo(0.15, within(1e-12));
    assertThat(axis.label(0.15)).isEqualTo("0.15");
  }

  @Test
  void ticksStartAtTheFirstMultipleInsideTheRange() {
    // 2.31 .. 5.37 over 8: raw 0.3825 -> 0.5; ticks 2.5, 3.0, ..., 5.0
    Axis axis = Axis.spanning(2.31, 5.37, 8);

    assertThat(axis.ticks()).hasSize(6);
    assertThat(axis.ticks().get(0)).isCloseTo(2.5, within(1e-12));
    assertThat(axis.label(axis.ticks().get(5))).isEqualTo("5.0");
    assertThat(Axis.spanning(-3, 3, 6).label(0.0)).isEqualTo("0");
  }
}
