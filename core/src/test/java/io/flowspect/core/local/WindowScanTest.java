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
  void aFloorKeepsTheRegionOffAWarmObject() {
    // A 20 x 20 "object" at z = 2 on a cold background, with a 3 x 3 defect at z = 6 inside it.
    int h = 28;
    int w = 28;
    float[] z = new float[h * w];
    java.util.Arrays.fill(z, -1f);
    for (int y = 4; y < 24; y++) {
      for (int x = 4; x < 24; x++) {
        z[y * w + x] = 2f;
      }
    }
    for (int y = 10; y < 13; y++) {
      for (int x = 15; x < 18; x++) {
        z[y * w + x] = 6f;
      }
    }
    // Half the hottest window (6) is 3: the object at 2 stays out of the region.
    LocalFinding halfRule = WindowScan.scan(z, h, w, 3);
    assertThat(halfRule.score()).isEqualTo(6.0);
    assertThat(halfRule.box().x1() - halfRule.box().x0()).isLessThan(8);
    // Without the floor, a hotter object swallows the defect's region.
    for (int i = 0; i < z.length; i++) {
      z[i] = z[i] == 2f ? 3.5f : z[i];
    }
    LocalFinding swallowed = WindowScan.scan(z, h, w, 3);
    assertThat(swallowed.box()).isEqualTo(new Box(4, 4, 24, 24));
    // With a floor at how hot a good image's hottest window is (here 4), only the defect remains.
    LocalFinding floored = WindowScan.scan(z, h, w, 3, 4.0);
    assertThat(floored.score()).isEqualTo(6.0);
    assertThat(floored.box().x0()).isBetween(13, 15);
    assertThat(floored.box().x1()).isBetween(18, 20);
    assertThat(floored.box().y0()).isBetween(8, 10);
    assertThat(floored.box().y1()).isBetween(13, 15);
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
