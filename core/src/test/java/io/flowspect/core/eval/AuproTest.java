package io.flowspect.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.local.ConnectedRegions;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuproTest {

  /**
   * A 5 x 2 frame, worked by hand. Row 0 is {@code A N B B N}, row 1 five normal pixels: region A
   * (one pixel, score 0.9) and region B (two pixels, 0.8 and 0.2) are apart, 7 pixels are normal
   * (0.85, 0.5 in row 0; 0.4, 0.3, 0.1, 0.05, 0.0 in row 1). Going down the thresholds: 0.9 gives
   * PRO 1/2 at FPR 0; 0.85 gives FPR 1/7; 0.8 gives PRO (1 + 1/2) / 2 = 3/4; 0.5 gives FPR 2/7; 0.4
   * gives 3/7, past 0.3, with PRO still 3/4. The area up to 0.3 is 1/2 * 1/7 + 3/4 * (0.3 - 1/7) =
   * 0.189286, and AUPRO is that over 0.3: 0.630952.
   */
  @Test
  void matchesTheHandComputedCase() {
    float[] map = {0.9f, 0.85f, 0.8f, 0.2f, 0.5f, 0.4f, 0.3f, 0.1f, 0.05f, 0f};
    boolean[] mask = {true, false, true, true, false, false, false, false, false, false};
    double expected = (0.5 / 7 + 0.75 * (0.3 - 1.0 / 7)) / 0.3;
    assertThat(expected).isCloseTo(0.630952, within(1e-6));
    assertThat(Aupro.of(List.of(map), List.of(mask), 5, 0.3)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void negativeAndMixedScoresSortLikeNumbers() {
    // The hand-computed case shifted below zero, and straddling it: the same AUPRO.
    float[] map = {0.9f, 0.85f, 0.8f, 0.2f, 0.5f, 0.4f, 0.3f, 0.1f, 0.05f, 0f};
    boolean[] mask = {true, false, true, true, false, false, false, false, false, false};
    double expected = Aupro.of(List.of(map), List.of(mask), 5, 0.3);
    for (float shift : new float[] {-5f, -0.45f, -1000f}) {
      float[] shifted = new float[map.length];
      for (int i = 0; i < map.length; i++) {
        shifted[i] = map[i] + shift;
      }
      assertThat(Aupro.of(List.of(shifted), List.of(mask), 5, 0.3))
          .as("shift " + shift)
          .isCloseTo(expected, within(1e-12));
    }
  }

  @Test
  void aPerfectMapScoresOneAndAnInvertedOneZero() {
    float[] map = {1f, 0f, 1f, 1f, 0.2f, 0.1f, 0.3f, 0.4f, 0.5f, 0.6f};
    boolean[] mask = {true, false, true, true, false, false, false, false, false, false};
    assertThat(Aupro.of(List.of(map), List.of(mask), 5, 0.3)).isCloseTo(1.0, within(1e-12));
    float[] inverted = new float[map.length];
    for (int i = 0; i < map.length; i++) {
      inverted[i] = -map[i];
    }
    // The region pixels come last: at FPR 0.3 no region pixel is above the threshold.
    assertThat(Aupro.of(List.of(inverted), List.of(mask), 5, 0.3)).isEqualTo(0.0);
  }

  @Test
  void aSmallRegionWeighsAsMuchAsALargeOneAndGoodFramesAddFalsePositives() {
    // A 4 x 3 frame: a 1-pixel region at (0, 0) scored above everything, a 2 x 2 region at the
    // right of rows 1 and 2 scored below every normal pixel.
    float[] map = {0.9f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.1f, 0.1f, 0.5f, 0.5f, 0.1f, 0.1f};
    boolean[] mask = {
      true, false, false, false, false, false, true, true, false, false, true, true
    };
    // PRO is 1/2 from FPR 0 until every normal pixel is past (FPR 1).
    assertThat(Aupro.of(List.of(map), List.of(mask), 4, 0.3)).isCloseTo(0.5, within(1e-12));
    // A good frame whose pixels all score 0.95 puts 12 of 19 normal pixels first: FPR 12/19 > 0.3
    // before any region pixel, so the area is 0.
    float[] hot = new float[12];
    java.util.Arrays.fill(hot, 0.95f);
    assertThat(Aupro.of(List.of(map, hot), List.of(mask, new boolean[12]), 4, 0.3)).isEqualTo(0.0);
  }

  @Test
  void regionsAreEightConnected() {
    boolean[] diagonal = {true, false, false, false, true, false, false, false, true};
    int[] labels = ConnectedRegions.label(diagonal, 3);
    assertThat(labels[0]).isEqualTo(1);
    assertThat(labels[4]).isEqualTo(1);
    assertThat(labels[8]).isEqualTo(1);
    boolean[] apart = {true, false, true, false, false, false, true, false, true};
    assertThat(ConnectedRegions.label(apart, 3)).containsExactly(1, 0, 2, 0, 0, 0, 3, 0, 4);
  }
}
