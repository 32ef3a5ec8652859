package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.image.Box;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowScanTest {

  @Test
  void windowMeansMatchABruteForceSum() {
    SplittableRandom random = new SplittableRandom(3);
    int h = 9;
    int w = 13;
    float[] z = new float[h * w];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) random.nextGaussian();
    }
    int win = 4;
    double[] means = WindowScan.windowMeans(z, h, w, win);
    int cols = w - win + 1;
    assertThat(means).hasSize((h - win + 1) * cols);
    for (int y = 0; y + win <= h; y++) {
      for (int x = 0; x + win <= w; x++) {
        double s = 0;
        for (int dy = 0; dy < win; dy++) {
          for (int dx = 0; dx < win; dx++) {
            s += z[(y + dy) * w + x + dx];
          }
        }
        assertThat(means[y * cols + x]).isCloseTo(s / (win * win), within(1e-9));
      }
    }
  }

  @Test
  void findsTheHotSpotAndBoxesIt() {
    int h = 12;
    int w = 12;
    float[] z = new float[h * w];
    // A hot 2x2 block at columns 6..7, rows 5..6.
    for (int y = 5; y <= 6; y++) {
      for (int x = 6; x <= 7; x++) {
        z[y * w + x] = 9f;
      }
    }
    LocalFinding f = WindowScan.scan(z, h, w, 3);
    assertThat(f.score()).isCloseTo(4 * 9.0 / 9, within(1e-9));
    Box box = f.box();
    // The region covers every window holding the whole block, so it contains the block ...
    assertThat(box.x0()).isLessThanOrEqualTo(6);
    assertThat(box.x1()).isGreaterThanOrEqualTo(8);
    assertThat(box.y0()).isLessThanOrEqualTo(5);
    assertThat(box.y1()).isGreaterThanOrEqualTo(7);
    // ... and stays near it: windows holding half of the block or less are not as hot.
    assertThat(box.width()).isLessThanOrEqualTo(5);
    assertThat(box.height()).isLessThanOrEqualTo(5);
    assertThat(f.peakX()).isBetween(5, 8);
    assertThat(f.peakY()).isBetween(4, 7);
  }

  @Test
  void aColdMapReportsJustTheBestWindow() {
    float[] z = new float[8 * 8];
    java.util.Arrays.fill(z, -1f);
    LocalFinding f = WindowScan.scan(z, 8, 8, 3);
    assertThat(f.score()).isEqualTo(-1.0);
    assertThat(f.box().width()).isEqualTo(3);
    assertThat(f.box().height()).isEqualTo(3);
  }

  @Test
  void refusesAWindowLargerThanTheMap() {
    assertThatThrownBy(() -> WindowScan.scan(new float[16], 4, 4, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window must be in 1..4, got 5");
  }
}
