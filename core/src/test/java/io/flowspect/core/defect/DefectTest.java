package io.flowspect.core.defect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.Box;
import org.junit.jupiter.api.Test;

class DefectTest {

  private static Defect defect(byte[] image, boolean[] mask, boolean[] changed) {
    return new Defect(DefectKind.HOLE, Severity.SUBTLE, image, mask, changed, new Box(0, 0, 2, 1));
  }

  @Test
  void equalityComparesContents() {
    boolean[] mask = {true, true, false, false};
    Defect a = defect(new byte[] {1, 2, 3, 4}, mask, new boolean[] {true, false, false, false});
    Defect b = defect(new byte[] {1, 2, 3, 4}, mask, new boolean[] {true, false, false, false});
    Defect c = defect(new byte[] {1, 2, 3, 5}, mask, new boolean[] {true, false, false, false});
    Defect d = defect(new byte[] {1, 2, 3, 4}, mask, new boolean[] {true, true, false, false});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c).isNotEqualTo(d);
    assertThat(a.touchedPixels()).isEqualTo(2);
    assertThat(a.changedPixels()).isEqualTo(1);
    assertThat(a.toString())
        .isEqualTo(
            "Defect[HOLE, SUBTLE, 1 changed of 2 touched pixels in "
                + "Box[x0=0, y0=0, x1=2, y1=1]]");
  }

  @Test
  void changedPixelsMustBeMasked() {
    boolean[] mask = {true, false, false, false};
    assertThatThrownBy(() -> defect(new byte[4], mask, new boolean[] {true, true, false, false}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("every changed pixel must be touched (in mask), got 1 outside the mask");
    assertThatThrownBy(() -> defect(new byte[4], mask, new boolean[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a defect must change at least one pixel, got none");
    assertThatThrownBy(() -> defect(new byte[4], mask, new boolean[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("changed must hold one flag per mask pixel, 4, got 3");
  }

  @Test
  void imageMustHoldWholePlanes() {
    boolean[] one = {true, false, false, false};
    assertThatThrownBy(() -> defect(new byte[5], one, one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "image length must be a multiple of the mask length 4 (one plane per channel), got 5");
  }
}
