package io.flowspect.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoxTest {

  @Test
  void upperCornerIsExclusive() {
    Box box = new Box(2, 3, 5, 4);

    assertThat(box.width()).isEqualTo(3);
    assertThat(box.height()).isEqualTo(1);
    assertThat(box.area()).isEqualTo(3);
    assertThat(box.contains(2, 3)).isTrue();
    assertThat(box.contains(4, 3)).isTrue();
    assertThat(box.contains(5, 3)).isFalse();
    assertThat(box.contains(2, 4)).isFalse();
    assertThat(box.contains(1, 3)).isFalse();
  }

  @Test
  void emptyBoxHoldsNothing() {
    Box empty = new Box(4, 4, 4, 4);

    assertThat(empty.area()).isZero();
    assertThat(empty.contains(4, 4)).isFalse();
  }

  @Test
  void cornersAreChecked() {
    assertThatThrownBy(() -> new Box(-1, 0, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x0 and y0 must be at least 0, got x0 = -1, y0 = 0");
    assertThatThrownBy(() -> new Box(3, 0, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x1 must be at least x0 = 3, got 2");
    assertThatThrownBy(() -> new Box(0, 3, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("y1 must be at least y0 = 3, got 1");
  }
}
