package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The run-length code of defect masks: a hand-computed case, round trips, and refusals. */
class DefectMaskTest {

  @Test
  void codesRunsRowMajorStartingWithBackground() {
    // 4 x 3:   . # # .
    //          . # # #
    //          . . . .
    boolean[] mask = new boolean[12];
    mask[1] = mask[2] = true;
    mask[5] = mask[6] = mask[7] = true;
    DefectMask code = DefectMask.of(mask, 4);
    assertThat(code.width()).isEqualTo(4);
    assertThat(code.height()).isEqualTo(3);
    assertThat(code.counts()).containsExactly(1, 2, 2, 3, 4);
    assertThat(code.area()).isEqualTo(5);
    assertThat(code.decode()).containsExactly(mask);

    boolean[] first = new boolean[6];
    first[0] = true;
    assertThat(DefectMask.of(first, 3).counts()).containsExactly(0, 1, 5);
    assertThat(DefectMask.of(new boolean[6], 3).counts()).containsExactly(6);
  }

  @Test
  void decodesWhatItEncodes() {
    SplittableRandom random = new SplittableRandom(4);
    for (int t = 0; t < 20; t++) {
      boolean[] mask = new boolean[32 * 24];
      for (int i = 0; i < mask.length; i++) {
        mask[i] = random.nextDouble() < 0.1 * (t % 5);
      }
      DefectMask code = DefectMask.of(mask, 32);
      assertThat(code.decode()).containsExactly(mask);
    }
  }

  @Test
  void refusesRunsThatDoNotCoverTheFrame() {
    assertThatThrownBy(() -> new DefectMask(4, 3, new int[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runs cover 6 pixels, the frame has 12");
    assertThatThrownBy(() -> new DefectMask(2, 1, new int[] {3, -1}))
        .hasMessage("run lengths must not be negative, got -1");
    assertThatThrownBy(() -> DefectMask.of(new boolean[7], 3))
        .hasMessage("a mask of 7 pixels is not rows of 3");
  }
}
