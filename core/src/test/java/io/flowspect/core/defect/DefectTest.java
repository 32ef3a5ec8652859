package io.flowspect.core.defect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.Box;
import org.junit.jupiter.api.Test;

class DefectTest {

  private static Defect defect(byte[] image, boolean[] mask, int changed) {
    return new Defect(DefectKind.HOLE, Severity.SUBTLE, image, mask, new Box(0, 0, 2, 1), changed);
  }

  @Test
  void equalityComparesContents() {
    Defect a = defect(new byte[] {1, 2, 3, 4}, new boolean[] {true, true, false, false}, 2);
    Defect b = defect(new byte[] {1, 2, 3, 4}, new boolean[] {true, true, false, false}, 2);
    Defect c = defect(new byte[] {1, 2, 3, 5}, new boolean[] {true, true, false, false}, 2);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.touchedPixels()).isEqualTo(2);
    assertThat(a.toString())
        .isEqualTo(
            "Defect[HOLE, SUBTLE, 2 changed of 2 touched pixels in "
                + "Box[x0=0, y0=0, x1=2, y1=1]]");
  }

  @Test
  void changedPixelsMustBeMasked() {
    assertThatThrownBy(() -> defect(new byte[4], new boolean[] {true, false, false, false}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("changedPixels must be in 1..1 (the masked pixels), got 2");
    assertThatThrownBy(() -> defect(new byte[4], new boolean[] {true, false, false, false}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("changedPixels must be in 1..1 (the masked pixels), got 0");
  }

  @Test
  void imageMustHoldWholePlanes() {
    assertThatThrownBy(() -> defect(new byte[5], new boolean[] {true, false, false, false}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "image length must be a multiple of the mask length 4 (one plane per channel), got 5");
  }
}
