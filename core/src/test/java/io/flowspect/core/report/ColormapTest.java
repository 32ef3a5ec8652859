package io.flowspect.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColormapTest {

  @Test
  void anchorsAreMatplotlibInfernoRoundedTo8Bits() {
    // entry 0: (0.001462, 0.000466, 0.013866) * 255 = (0.37, 0.12, 3.54) -> #000004
    assertThat(Colormap.INFERNO.rgb(0)).isEqualTo(0x000004);
    // entry 255: (0.988362, 0.998364, 0.644924) * 255 = (252.03, 254.58, 164.46) -> #FCFFA4
    assertThat(Colormap.INFERNO.rgb(1)).isEqualTo(0xFCFFA4);
    // entry 136 = anchor 8: (0.780517, 0.243327, 0.299523) * 255 = (199.03, 62.05, 76.38)
    assertThat(Colormap.INFERNO.rgb(136 / 255.0)).isEqualTo(0xC73E4C);
  }

  @Test
  void betweenAnchorsIsLinear() {
    // entry 8 lies 8/17 of the way from anchor 0 to anchor 1 (0.046915, 0.030324, 0.150164):
    // r = 255 * (0.001462 + 8/17 * 0.045453) = 5.83 -> 6, g = 255 * (0.000466 + 8/17 * 0.029858)
    // = 3.70 -> 4, b = 255 * (0.013866 + 8/17 * 0.136298) = 19.89 -> 20
    assertThat(Colormap.INFERNO.rgb(8 / 255.0)).isEqualTo(0x060414);
  }

  @Test
  void outOfRangeIsClampedAndNanRefused() {
    assertThat(Colormap.INFERNO.rgb(Double.POSITIVE_INFINITY)).isEqualTo(0xFCFFA4);
    assertThat(Colormap.INFERNO.rgb(-3)).isEqualTo(0x000004);
    assertThatThrownBy(() -> Colormap.INFERNO.rgb(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t must not be NaN");
  }
}
