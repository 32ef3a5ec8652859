package io.flowspect.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PngCompressorTest {

  private static final InputSpec GRAY = new InputSpec(1, 28, 28, ResizeMode.RESIZE);

  @Test
  void simpleImagesAreShorterThanNoise() {
    byte[] flat = new byte[784];
    byte[] ramp = new byte[784];
    byte[] noise = new byte[784];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 784; i++) {
      ramp[i] = (byte) (i % 28 * 9);
      noise[i] = (byte) random.nextInt(256);
    }
    long flatBits = PngCompressor.INSTANCE.bits(flat, GRAY);
    long rampBits = PngCompressor.INSTANCE.bits(ramp, GRAY);
    long noiseBits = PngCompressor.INSTANCE.bits(noise, GRAY);
    assertThat(flatBits % 8).isZero();
    assertThat(flatBits).isLessThan(30 * 8);
    assertThat(rampBits).isLessThan(60 * 8);
    // Uniform noise cannot be compressed: at least 7.9 bits per sample plus the filter bytes.
    assertThat(noiseBits).isGreaterThan((long) (784 * 7.9));
    assertThat(PngCompressor.INSTANCE.bits(noise, GRAY)).isEqualTo(noiseBits);
  }

  @Test
  void choosesThePngFilterWithTheSmallestResiduals() {
    // Row 0: a ramp (Sub gives residuals 0,1,1,1); row 1 equals row 0 (Up gives zeros).
    byte[] image = {10, 11, 12, 13, 10, 11, 12, 13};
    byte[] filtered = PngCompressor.filterScanlines(image, 1, 2, 4);
    assertThat(filtered).containsExactly(1, 10, 1, 1, 1, 2, 0, 0, 0, 0);
  }

  @Test
  void interleavesRgbLikeAPngFile() {
    // 1 x 2 RGB, CHW planes: R = {1, 2}, G = {3, 4}, B = {5, 6}; no filter helps on row 0 except
    // None versus Sub: None costs 21, Sub costs 1+3+5+1+1+1 = 12.
    byte[] chw = {1, 2, 3, 4, 5, 6};
    byte[] filtered = PngCompressor.filterScanlines(chw, 3, 1, 2);
    assertThat(filtered).containsExactly(1, 1, 3, 5, 1, 1, 1);
  }

  @Test
  void refusesAnImageOfTheWrongSize() {
    assertThatThrownBy(() -> PngCompressor.INSTANCE.bits(new byte[10], GRAY))
        .hasMessageContaining("10 samples")
        .hasMessageContaining("784");
  }
}
