package io.flowspect.core.image;

import static io.flowspect.core.image.ImageDecoderTest.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InputSpecTest {

  @Test
  void matchingRgbIsAnExactCopyReorderedToChw() {
    // 2 x 1 RGB: pixel 0 = (1, 2, 3), pixel 1 = (4, 5, 255)
    RasterImage img = new RasterImage(2, 1, 3, new byte[] {1, 2, 3, 4, 5, (byte) 255});
    InputSpec spec = new InputSpec(3, 1, 2, ResizeMode.RESIZE);

    assertThat(unsigned(spec.toChw(img))).containsExactly(1, 4, 2, 5, 3, 255);
  }

  @Test
  void aBinarisingContractMapsEveryValueAtOrAboveTheThresholdTo255AndTheRestTo0() {
    RasterImage img = new RasterImage(4, 1, 1, new byte[] {0, 127, (byte) 128, (byte) 255});
    InputSpec spec = new InputSpec(1, 1, 4, ResizeMode.RESIZE).binarized(128);

    byte[] chw = spec.toChw(img);

    assertThat(unsigned(chw)).containsExactly(0, 0, 255, 255);
    assertThat(spec.binarize(chw)).as("binarising twice changes nothing").isSameAs(chw);
    assertThat(unsigned(new InputSpec(1, 1, 4, ResizeMode.RESIZE).toChw(img)))
        .as("an 8-bit contract keeps the values")
        .containsExactly(0, 127, 128, 255);
  }

  @Test
  void binarisationComesAfterLumaAndResizing() {
    // RGB (200, 100, 50) has luma 124.2 -> 124 < 128; (200, 150, 50) has 153.55 -> 154 >= 128.
    RasterImage img =
        new RasterImage(2, 1, 3, new byte[] {(byte) 200, 100, 50, (byte) 200, (byte) 150, 50});

    byte[] gray = new InputSpec(1, 1, 2, ResizeMode.RESIZE).binarized(128).toChw(img);

    assertThat(unsigned(gray)).containsExactly(0, 255);
  }

  @Test
  void aBinarizeThresholdOutsideOneTo255IsRefused() {
    InputSpec spec = new InputSpec(1, 2, 2, ResizeMode.RESIZE);

    assertThatThrownBy(() -> spec.binarized(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binarize_threshold must be in 1..255");
  }

  @Test
  void matchingGrayIsAnExactCopy() {
    RasterImage img = TestImages.pattern(28, 28, 1, 5);

    byte[] chw = new InputSpec(1, 28, 28, ResizeMode.CENTER_CROP).toChw(img);

    assertThat(chw).isEqualTo(img.pixels()).isNotSameAs(img.pixels());
  }

  @Test
  void rgbToGrayUsesRoundedBt601Luma() {
    RasterImage img =
        new RasterImage(
            5,
            1,
            3,
            new byte[] {
              (byte) 255,
              0,
              0,
              0,
              (byte) 255,
              0,
              0,
              0,
              (byte) 255,
              10,
              20,
              30,
              (byte) 255,
              (byte) 255,
              (byte) 255
            });

    byte[] gray = new InputSpec(1, 1, 5, ResizeMode.RESIZE).toChw(img);

    // 76.245, 149.685, 29.07, 18.15, 255
    assertThat(unsigned(gray)).containsExactly(76, 150, 29, 18, 255);
  }

  @Test
  void grayToRgbReplicatesTheValue() {
    RasterImage img = new RasterImage(2, 1, 1, new byte[] {7, (byte) 200});

    byte[] rgb = new InputSpec(3, 1, 2, ResizeMode.RESIZE).toChw(img);

    assertThat(unsigned(rgb)).containsExactly(7, 200, 7, 200, 7, 200);
  }

  @Test
  void resizingAConstantImageKeepsItConstant() {
    RasterImage big = TestImages.constant(37, 23, 3, 173);
    RasterImage small = TestImages.constant(5, 3, 1, 42);

    for (ResizeMode mode : ResizeMode.values()) {
      byte[] down = new InputSpec(3, 28, 28, mode).toChw(big);
      byte[] up = new InputSpec(1, 16, 16, mode).toChw(small);
      assertThat(unsigned(down)).hasSize(3 * 28 * 28).containsOnly(173);
      assertThat(unsigned(up)).hasSize(16 * 16).containsOnly(42);
    }
  }

  @Test
  void enlargingInterpolatesBilinearlyWithClampedEdges() {
    RasterImage img = new RasterImage(2, 1, 1, new byte[] {0, 100});

    byte[] out = new InputSpec(1, 1, 4, ResizeMode.RESIZE).toChw(img);

    assertThat(unsigned(out)).containsExactly(0, 25, 75, 100);
  }

  @Test
  void shrinkingAveragesInsteadOfAliasing() {
    byte[] checker = new byte[64 * 64];
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        checker[y * 64 + x] = (byte) ((x + y) % 2 == 0 ? 0 : 255);
      }
    }

    byte[] out =
        new InputSpec(1, 8, 8, ResizeMode.RESIZE).toChw(new RasterImage(64, 64, 1, checker));

    assertThat(Arrays.stream(unsigned(out)).min().getAsInt()).isGreaterThanOrEqualTo(120);
    assertThat(Arrays.stream(unsigned(out)).max().getAsInt()).isLessThanOrEqualTo(135);
  }

  @Test
  void centerCropKeepsTheMiddleWithoutScalingWhenTheShortSideMatches() {
    // 6 x 2: columns 2 and 3 hold the centre.
    RasterImage wide =
        new RasterImage(6, 2, 1, new byte[] {0, 0, 50, 60, 0, 0, 0, 0, 70, 80, 0, 0});
    // 2 x 6: rows 2 and 3 hold the centre.
    RasterImage tall =
        new RasterImage(2, 6, 1, new byte[] {0, 0, 0, 0, 50, 60, 70, 80, 0, 0, 0, 0});
    InputSpec spec = new InputSpec(1, 2, 2, ResizeMode.CENTER_CROP);

    assertThat(unsigned(spec.toChw(wide))).containsExactly(50, 60, 70, 80);
    assertThat(unsigned(spec.toChw(tall))).containsExactly(50, 60, 70, 80);
  }

  @Test
  void centerCropScalesThenCropsWhileResizeSquashesEverything() {
    // 8 x 4, every row 10 10 200 200 200 200 10 10: the bright part is the centre square.
    byte[] p = new byte[32];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        p[y * 8 + x] = (byte) (x >= 2 && x < 6 ? 200 : 10);
      }
    }
    RasterImage img = new RasterImage(8, 4, 1, p);

    byte[] crop = new InputSpec(1, 2, 2, ResizeMode.CENTER_CROP).toChw(img);
    byte[] resize = new InputSpec(1, 2, 2, ResizeMode.RESIZE).toChw(img);

    // Crop: triangle filter of radius 2 around x = 3 and 5 sees one dark column at weight 1/8.
    assertThat(unsigned(crop)).containsExactly(176, 176, 176, 176);
    // Resize: radius 4 around x = 2 and 6 mixes in all the dark columns.
    assertThat(unsigned(resize)).containsExactly(119, 119, 119, 119);
  }

  @Test
  void floatsAreTheUnsignedValues() {
    assertThat(InputSpec.toFloats(new byte[] {0, 127, (byte) 128, (byte) 255}))
        .containsExactly(0f, 127f, 128f, 255f);
  }

  @Test
  void modelInputHasDimsFloatsInChwOrder() {
    InputSpec spec = new InputSpec(3, 28, 28, ResizeMode.RESIZE);
    RasterImage img = TestImages.pattern(28, 28, 3, 0);

    float[] x = spec.toModelInput(img);

    assertThat(spec.dims()).isEqualTo(2352);
    assertThat(x).hasSize(2352);
    // green plane (c = 1), pixel (x = 2, y = 1): (2 * 37 + 1 * 11 + 91) mod 256 = 176
    assertThat(x[28 * 28 + 28 + 2]).isEqualTo(176f);
  }

  @Test
  void invalidSpecsAreRefused() {
    assertThatThrownBy(() -> new InputSpec(2, 28, 28, ResizeMode.RESIZE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channels must be 1 or 3, got 2");
    assertThatThrownBy(() -> new InputSpec(1, 0, 28, ResizeMode.RESIZE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new InputSpec(1, 28, 28, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resize must not be null");
  }

  @Test
  void rasterImageValidatesItsBuffer() {
    assertThatThrownBy(() -> new RasterImage(2, 2, 3, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pixels has 11 bytes, expected width * height * channels = 2 * 2 * 3 = 12");
  }
}
