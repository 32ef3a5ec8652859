package io.flowspect.core.defect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.image.Box;
import io.flowspect.core.image.InputSpec;

/** Assertions every defect must pass, whatever its kind. */
final class DefectChecks {

  private DefectChecks() {}

  /**
   * Asserts that a defect's image differs from the good one exactly in the pixels flagged {@code
   * changed}, all inside the mask; that the box is the mask's tight bounding box.
   */
  static void assertConsistent(InputSpec spec, byte[] good, Defect d, String what) {
    int w = spec.width();
    int h = spec.height();
    int plane = w * h;
    assertThat(d.image()).as(what).hasSize(good.length);
    assertThat(d.mask()).as(what).hasSize(plane);
    assertThat(d.changedPixels()).as(what).isPositive();
    assertThat(changedPixels(spec, good, d.image())).as(what).isEqualTo(d.changedPixels());
    int x0 = w;
    int y0 = h;
    int x1 = 0;
    int y1 = 0;
    for (int i = 0; i < plane; i++) {
      int x = i % w;
      int y = i / w;
      boolean changed = changed(spec, good, d.image(), i);
      assertThat(d.changed()[i]).as("%s: (%d, %d) flagged changed", what, x, y).isEqualTo(changed);
      if (changed) {
        assertThat(d.mask()[i]).as("%s: changed pixel (%d, %d) is masked", what, x, y).isTrue();
      }
      if (d.mask()[i]) {
        assertThat(d.box().contains(x, y)).as("%s: box holds (%d, %d)", what, x, y).isTrue();
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
    assertThat(d.box()).as("%s: tight box", what).isEqualTo(new Box(x0, y0, x1, y1));
    assertThat(d.box().x1()).isLessThanOrEqualTo(w);
    assertThat(d.box().y1()).isLessThanOrEqualTo(h);
  }

  /** Counts the pixels with at least one changed channel. */
  static int changedPixels(InputSpec spec, byte[] good, byte[] bad) {
    int n = 0;
    for (int i = 0; i < spec.height() * spec.width(); i++) {
      if (changed(spec, good, bad, i)) {
        n++;
      }
    }
    return n;
  }

  private static boolean changed(InputSpec spec, byte[] good, byte[] bad, int pixel) {
    int plane = spec.height() * spec.width();
    for (int c = 0; c < spec.channels(); c++) {
      if (good[c * plane + pixel] != bad[c * plane + pixel]) {
        return true;
      }
    }
    return false;
  }
}
