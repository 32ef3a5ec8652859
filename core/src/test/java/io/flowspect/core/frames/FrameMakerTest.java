package io.flowspect.core.frames;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's frames: reproducible, different from frame to frame, and every defect's mask
 * holds what it changed, growing with its severity.
 */
class FrameMakerTest {

  private static final int SIDE = 128;

  @Test
  void aFrameDependsOnlyOnItsKeyAndFramesDiffer() {
    for (Surface surface : Surface.values()) {
      FrameMaker maker = new FrameMaker(surface, 3, SIDE, SIDE);
      MadeFrame a = maker.good(5);
      assertThat(new FrameMaker(surface, 3, SIDE, SIDE).good(5).rgb()).isEqualTo(a.rgb());
      byte[] b = maker.good(6).rgb();
      assertThat(meanAbsDifference(a.rgb(), b)).as(surface.id()).isGreaterThan(2.0);
      assertThat(a.defectPixels()).isZero();
    }
  }

  @Test
  void everyDefectChangesItsMaskAndLittleElseAndGrowsWithItsSeverity() {
    for (Surface surface : Surface.values()) {
      FrameMaker maker = new FrameMaker(surface, 11, SIDE, SIDE);
      for (FrameDefect kind : FrameDefect.values()) {
        Map<FrameSeverity, Integer> area = new EnumMap<>(FrameSeverity.class);
        for (FrameSeverity severity : FrameSeverity.values()) {
          int total = 0;
          for (long key = 0; key < 4; key++) {
            MadeFrame good = maker.good(key);
            MadeFrame bad = maker.defective(key, kind, severity);
            String what = surface.id() + " " + kind.id() + " " + severity.id() + " " + key;
            assertThat(bad.defectPixels()).as(what).isGreaterThan(0);
            boolean[] near = dilate(bad.mask(), SIDE);
            int changed = 0;
            int changedNear = 0;
            for (int p = 0; p < SIDE * SIDE; p++) {
              int diff = 0;
              for (int c = 0; c < 3; c++) {
                diff =
                    Math.max(
                        diff,
                        Math.abs((good.rgb()[3 * p + c] & 0xFF) - (bad.rgb()[3 * p + c] & 0xFF)));
              }
              if (diff > 24) {
                changed++;
                changedNear += near[p] ? 1 : 0;
              }
            }
            // Lighting and noise are the good frame's: what changed is the defect, at its mask
            // (anti-aliased edges reach one pixel beyond it).
            assertThat(changedNear).as(what).isEqualTo(changed);
            total += bad.defectPixels();
          }
          area.put(severity, total);
        }
        String what = surface.id() + " " + kind.id() + " " + area;
        assertThat(area.get(FrameSeverity.SUBTLE))
            .as(what)
            .isLessThan(area.get(FrameSeverity.MODERATE));
        assertThat(area.get(FrameSeverity.MODERATE))
            .as(what)
            .isLessThan(area.get(FrameSeverity.STRONG));
      }
    }
  }

  private static boolean[] dilate(boolean[] mask, int width) {
    int height = mask.length / width;
    boolean[] out = new boolean[mask.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (!mask[y * width + x]) {
          continue;
        }
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
              out[ny * width + nx] = true;
            }
          }
        }
      }
    }
    return out;
  }

  private static double meanAbsDifference(byte[] a, byte[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
    }
    return sum / a.length;
  }
}
