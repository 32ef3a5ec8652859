package io.flowspect.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.frames.FrameBenchmark;
import io.flowspect.core.frames.FrameDefect;
import io.flowspect.core.frames.FrameMaker;
import io.flowspect.core.frames.FrameSeverity;
import io.flowspect.core.frames.MadeFrame;
import io.flowspect.core.frames.Surface;
import io.flowspect.core.image.Box;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.local.DefectRegion;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference fabric bundle (a Glow trained on 32 x 32 patches of the benchmark's fabric and
 * calibrated for 256 x 256 frames) on frames it never saw: a painted defect of every kind gets a
 * region overlapping its mask, and good frames stay below the threshold.
 */
class FrameDetectorTest {

  private static final Path FABRIC = Path.of("..", "models", "frames-fabric-glow");

  private static final Path LEATHER = Path.of("..", "models", "frames-leather-glow");

  /** The material of the benchmark's fabric ({@code frames --seed 1}). */
  private static final long MATERIAL = 31;

  /** Keys no benchmark frame uses. */
  private static final long KEYS = 9_000_000L;

  @Test
  void aPaintedDefectGetsARegionOverlappingItsMask() {
    try (Scorer scorer = Scorer.open(Bundle.open(FABRIC), OnnxOptions.cpu())) {
      FrameDetector detector = FrameDetector.of(scorer).orElseThrow();
      FrameMaker maker = new FrameMaker(Surface.FABRIC, MATERIAL, 256, 256);
      List<MadeFrame> made = new ArrayList<>();
      for (FrameDefect kind : FrameDefect.values()) {
        made.add(maker.defective(KEYS + kind.ordinal(), kind, FrameSeverity.STRONG));
      }
      List<FrameVerdict> verdicts = detector.judge(images(made));
      List<String> flagged = new ArrayList<>();
      for (int i = 0; i < made.size(); i++) {
        FrameVerdict v = verdicts.get(i);
        String what = made.get(i).defect().id();
        assertThat(v.regions()).as(what).isNotEmpty();
        Box box = v.regions().get(0).box();
        assertThat(box.overlaps(made.get(i).mask(), 256)).as(what + " " + box).isTrue();
        if (v.anomaly()) {
          assertThat(v.pValue()).as(what).isLessThanOrEqualTo(0.01);
          flagged.add(what);
        }
      }
      // Every defect is found where it was painted; most are flagged at alpha 0.01. Folds and
      // erased texture are this bundle's hard kinds (image AUROC 0.992 and 0.986, docs/frames.md):
      // their region is the frame's strongest, but not always past the 1 % threshold.
      assertThat(flagged).hasSizeGreaterThanOrEqualTo(7);
    }
  }

  @Test
  void goodFramesStayBelowTheThreshold() {
    try (Scorer scorer = Scorer.open(Bundle.open(FABRIC), OnnxOptions.cpu())) {
      FrameDetector detector = FrameDetector.of(scorer).orElseThrow();
      FrameMaker maker = new FrameMaker(Surface.FABRIC, MATERIAL, 256, 256);
      List<MadeFrame> good = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        good.add(maker.good(KEYS + 100 + i));
      }
      for (FrameVerdict v : detector.judge(images(good))) {
        assertThat(v.anomaly()).isFalse();
        assertThat(v.score()).isLessThanOrEqualTo(v.threshold());
        assertThat(v.parts().keySet())
            .containsExactly("frame_map", "frame_too_likely", "frame_likelihood");
        for (DefectRegion r : v.regions()) {
          assertThat(r.pValue()).isGreaterThan(0.001);
        }
      }
    }
  }

  /**
   * A frame off as a whole: the camera's gain up by 6 %, on the reference leather bundle. No place
   * in it stands out (at least one of the 160 good frames the decision was fitted on has a stronger
   * map peak), so a decision on local evidence alone lets it through; the frame's likelihood, the
   * decision's global part, flags it.
   */
  @Test
  void aFrameBrighterAsAWholeIsFlaggedByItsLikelihood() {
    try (Scorer scorer = Scorer.open(Bundle.open(LEATHER), OnnxOptions.cpu())) {
      FrameDetector detector = FrameDetector.of(scorer).orElseThrow();
      FrameMaker maker =
          new FrameMaker(Surface.LEATHER, FrameBenchmark.material(1, Surface.LEATHER), 256, 256);
      List<RasterImage> brighter = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        byte[] rgb = maker.good(KEYS + 200 + i).rgb();
        byte[] gain = new byte[rgb.length];
        for (int j = 0; j < rgb.length; j++) {
          gain[j] = (byte) Math.min(255, Math.round((rgb[j] & 255) * 1.06));
        }
        brighter.add(new RasterImage(256, 256, 3, gain));
      }
      int n = detector.calibration().decisionFrames();
      for (FrameVerdict v : detector.judge(brighter)) {
        Map<String, Double> p = v.partPValues();
        assertThat(v.anomaly()).as(p.toString()).isTrue();
        assertThat(p.get("frame_likelihood")).as(p.toString()).isLessThan(1e-4);
        assertThat(p.get("frame_map")).as(p.toString()).isGreaterThan(1.5 / (n + 1));
      }
    }
  }

  private static List<RasterImage> images(List<MadeFrame> frames) {
    List<RasterImage> out = new ArrayList<>();
    for (MadeFrame f : frames) {
      out.add(new RasterImage(f.width(), f.height(), 3, f.rgb()));
    }
    return out;
  }
}
