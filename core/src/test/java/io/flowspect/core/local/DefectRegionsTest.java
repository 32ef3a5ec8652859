package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.image.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Regions of anomaly maps: boxes, areas, peaks and p-values against good frames. */
class DefectRegionsTest {

  @Test
  void findsEachConnectedRegionWithItsBoxAreaPeakAndPValue() {
    int w = 10;
    float[] map = new float[100];
    // A 2 x 3 block at x 1..2, y 1..3, peak 9 at (2, 2); a diagonal pair at (6, 6), (7, 7); a
    // single pixel at (9, 0) below the minimum area.
    for (int y = 1; y <= 3; y++) {
      for (int x = 1; x <= 2; x++) {
        map[y * w + x] = 5;
      }
    }
    map[2 * w + 2] = 9;
    map[6 * w + 6] = 6;
    map[7 * w + 7] = 7;
    map[9] = 8;
    ConformalReference peaks = ConformalReference.of(new double[] {1, 2, 3, 7.5});
    List<DefectRegion> regions = DefectRegions.find(map, w, 4, 2, peaks);
    assertThat(regions).hasSize(2);
    // The mask holds exactly the kept regions' pixels: not the single pixel at (9, 0).
    boolean[] mask = DefectRegions.mask(map, w, 4, 2).decode();
    int inMask = 0;
    for (int p = 0; p < mask.length; p++) {
      inMask += mask[p] ? 1 : 0;
      assertThat(mask[p]).isEqualTo(map[p] > 4 && p != 9);
    }
    assertThat(inMask).isEqualTo(6 + 2);
    DefectRegion block = regions.get(0);
    assertThat(block.box()).isEqualTo(new Box(1, 1, 3, 4));
    assertThat(block.area()).isEqualTo(6);
    assertThat(block.peakX()).isEqualTo(2);
    assertThat(block.peakY()).isEqualTo(2);
    assertThat(block.peak()).isEqualTo(9);
    assertThat(block.pValue()).isEqualTo(1.0 / 5); // no good frame reaches 9
    DefectRegion pair = regions.get(1);
    assertThat(pair.box()).isEqualTo(new Box(6, 6, 8, 8));
    assertThat(pair.area()).isEqualTo(2);
    assertThat(pair.pValue()).isEqualTo(2.0 / 5); // one good frame (7.5) reaches 7
  }

  @Test
  void aDefectOnNoisyEvidenceIsFoundWhereItWasPaintedAndGoodFramesStayQuiet() {
    int w = 64;
    int h = 48;
    SplittableRandom random = new SplittableRandom(9);
    List<FrameEvidence> good = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      good.add(evidence(w, h, random));
    }
    FrameReference reference = FrameReference.fit(good.subList(0, 15), w, h, 2);
    List<float[]> calibration = new ArrayList<>();
    double[] peaks = new double[15];
    for (int i = 0; i < 15; i++) {
      float[] a = reference.anomalyMap(good.get(15 + i));
      calibration.add(a);
      peaks[i] = FrameReference.imageScore(a);
    }
    double threshold = 0;
    for (double p : peaks) {
      threshold = Math.max(threshold, p);
    }
    FrameEvidence defective = evidence(w, h, random);
    for (int y = 20; y < 26; y++) {
      for (int x = 40; x < 48; x++) {
        defective.pixel()[y * w + x] += 3;
      }
    }
    ConformalReference framePeaks = ConformalReference.of(peaks);
    List<DefectRegion> found =
        DefectRegions.find(reference.anomalyMap(defective), w, threshold, 4, framePeaks);
    assertThat(found).isNotEmpty();
    Box box = found.get(0).box();
    assertThat(box.x0()).isLessThan(48);
    assertThat(box.x1()).isGreaterThan(40);
    assertThat(box.y0()).isLessThan(26);
    assertThat(box.y1()).isGreaterThan(20);
    assertThat(found.get(0).pValue()).isEqualTo(1.0 / 16);
    float[] quiet = reference.anomalyMap(evidence(w, h, random));
    assertThat(DefectRegions.find(quiet, w, threshold + 1, 4, framePeaks)).isEmpty();
  }

  @Test
  void aPixelTheModelCouldNotGiveIsTheStrongestEvidenceAndNoNaNReachesTheMap() {
    int w = 32;
    SplittableRandom random = new SplittableRandom(3);
    List<FrameEvidence> good = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      good.add(evidence(w, w, random));
    }
    FrameReference reference = FrameReference.fit(good, w, w, 2);
    FrameEvidence raw = evidence(w, w, random);
    raw.pixel()[10 * w + 12] = Float.NaN;
    raw.pixel()[20 * w + 5] = Float.POSITIVE_INFINITY;
    float[] a = reference.anomalyMap(raw);
    for (float v : a) {
      assertThat(Float.isFinite(v)).isTrue();
    }
    assertThat(a[10 * w + 12]).isEqualTo(Float.MAX_VALUE);
    assertThat(a[20 * w + 5]).isEqualTo(Float.MAX_VALUE);
    // The broken pixels do not spread: their neighbours keep ordinary values.
    assertThat(a[10 * w + 13]).isLessThan(100f);
    double score = FrameReference.imageScore(a);
    assertThat(FrameReference.nonFinite(score)).isTrue();
    assertThat(
            FrameReference.nonFinite(FrameReference.imageScore(reference.anomalyMap(good.get(0)))))
        .isFalse();
    List<DefectRegion> found =
        DefectRegions.find(a, w, 1e30, 1, ConformalReference.of(new double[] {1, 2, 3}));
    assertThat(found).hasSize(2);
    assertThat(found.get(0).pValue()).isEqualTo(0.25);
  }

  @Test
  void aPatchTheModelFindsTooLikelyIsFoundLikeOneItFindsUnlikely() {
    // Texture erased to a flat colour: the pixel channel looks ordinary, the patch channel's NLL
    // drops four standard deviations below every good frame's at that place.
    int w = 64;
    SplittableRandom random = new SplittableRandom(21);
    List<FrameEvidence> good = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      good.add(evidence(w, w, random));
    }
    FrameReference reference = FrameReference.fit(good.subList(0, 20), w, w, 2);
    double[] peaks = new double[20];
    for (int i = 0; i < 20; i++) {
      peaks[i] = FrameReference.imageScore(reference.anomalyMap(good.get(20 + i)));
    }
    double threshold = 0;
    for (double p : peaks) {
      threshold = Math.max(threshold, p);
    }
    FrameEvidence erased = evidence(w, w, random);
    FrameEvidence scratched = evidence(w, w, random);
    for (int y = 8; y < 24; y++) {
      for (int x = 30; x < 46; x++) {
        erased.patch()[y * w + x] -= 4;
        scratched.patch()[y * w + x] += 4;
      }
    }
    ConformalReference framePeaks = ConformalReference.of(peaks);
    for (FrameEvidence frame : List.of(erased, scratched)) {
      float[] a = reference.anomalyMap(frame);
      assertThat(FrameReference.imageScore(a)).isGreaterThan(threshold);
      List<DefectRegion> found = DefectRegions.find(a, w, threshold, 4, framePeaks);
      assertThat(found).isNotEmpty();
      int inside = 0;
      for (DefectRegion r : found) {
        // Every region lies on the changed patch (16 x 16 at x 30..45, y 8..23).
        Box box = r.box();
        assertThat(box.x0()).isBetween(28, 46);
        assertThat(box.x1()).isBetween(30, 48);
        assertThat(box.y0()).isBetween(6, 24);
        assertThat(box.y1()).isBetween(8, 26);
        inside += r.area();
      }
      assertThat(inside).isGreaterThan(16 * 16 / 4);
    }
  }

  @Test
  void aGoodFrameWhoseModelPassIsNotFiniteCannotBeTheReferenceAndTheErrorSaysWhere() {
    int w = 8;
    SplittableRandom random = new SplittableRandom(5);
    List<FrameEvidence> good = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      good.add(evidence(w, w, random));
    }
    good.get(2).patch()[17] = Float.NEGATIVE_INFINITY;
    assertThatThrownBy(() -> FrameReference.fit(good, w, w, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("good frame 2")
        .hasMessageContaining("patch")
        .hasMessageContaining("pixel 17");
  }

  /** Good evidence: independent noise per pixel, and a patch channel smooth over 8 x 8 blocks. */
  private static FrameEvidence evidence(int w, int h, SplittableRandom random) {
    int n = w * h;
    float[] patch = new float[n];
    float[] blocks = noise((w / 8 + 1) * (h / 8 + 1), random);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        patch[y * w + x] = blocks[(y / 8) * (w / 8 + 1) + x / 8];
      }
    }
    return new FrameEvidence(noise(n, random), patch);
  }

  private static float[] noise(int n, SplittableRandom random) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }
}
