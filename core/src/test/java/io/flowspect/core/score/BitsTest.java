package io.flowspect.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BitsTest {

  @Test
  void uniformEightBitModelIsEightBitsPerDim() {
    int d = 784;
    double uniform = -d * 8 * Math.log(2); // log p = D * log(1/256)

    assertThat(Bits.bitsPerDim(uniform, d)).isCloseTo(8.0, within(1e-12));
  }

  @Test
  void knownValueAndInverse() {
    // 1000 nats over 784 dims = 1000 / (784 * 0.6931471805599453) bits
    assertThat(Bits.bitsPerDim(-1000, 784)).isCloseTo(1.840172, within(1e-6));
    assertThat(Bits.logPxFromBitsPerDim(1.840172246, 784)).isCloseTo(-1000, within(1e-3));
    assertThat(Bits.logPxFromBitsPerDim(Bits.bitsPerDim(-1234.5, 3072), 3072))
        .isCloseTo(-1234.5, within(1e-9));
  }

  @Test
  void dimsMustBePositive() {
    assertThatThrownBy(() -> Bits.bitsPerDim(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dims must be at least 1, got 0");
  }
}
