package io.flowspect.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Json;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.calibration.DecisionValues;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdict;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.eval.DetectionMetrics;
import io.flowspect.core.image.Box;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small bright patch on images whose overall brightness varies a lot: the global likelihood
 * hardly tells them apart, the standardised evidence map does, and says where the patch is.
 */
class LocalDefectsTest {

  private static final int SIDE = 12;
  private static final InputSpec SPEC = new InputSpec(1, SIDE, SIDE, ResizeMode.RESIZE);

  @TempDir Path dir;

  private static List<byte[]> normal(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int brightness = random.nextInt(120);
      byte[] image = new byte[SIDE * SIDE];
      for (int p = 0; p < image.length; p++) {
        image[p] = (byte) (brightness + random.nextInt(20));
      }
      out.add(image);
    }
    return out;
  }

  /** Puts a 3x3 patch of 255 at a random place; returns the patches' boxes in {@code boxes}. */
  private static List<byte[]> defective(List<byte[]> images, long seed, List<Box> boxes) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (byte[] image : images) {
      byte[] copy = image.clone();
      int x = random.nextInt(SIDE - 3);
      int y = random.nextInt(SIDE - 3);
      for (int dy = 0; dy < 3; dy++) {
        for (int dx = 0; dx < 3; dx++) {
          copy[(y + dy) * SIDE + x + dx] = (byte) 255;
        }
      }
      boxes.add(new Box(x, y, x + 3, y + 3));
      out.add(copy);
    }
    return out;
  }

  @Test
  void localScoresFindSmallDefectsThatTheGlobalScoreMissesAndLocateThem() throws Exception {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      assertThat(scorer.defaultMap()).contains(MapKind.PIXEL_NLL);
      ScoreTable calib =
          scorer.score(
              ScoreRequest.of(normal(800, 1), scorer.available()).withMap(MapKind.PIXEL_NLL));
      Calibration calibration =
          Calibrator.calibrate(
              bundle.manifest(),
              calib,
              DecisionScore.parse("fisher:bpd+local"),
              0.05,
              "sha256:test",
              null,
              new LocalSettings(3, Standardisation.POSITION));
      // A quarter of the images fitted the map statistics, the rest the references.
      assertThat(calibration.maps().n()).isEqualTo(200);
      assertThat(calibration.n()).isEqualTo(600);
      assertThat(calibration.maps().window()).isEqualTo(3);
      Calibration reread =
          Json.mapper().readValue(Json.mapper().writeValueAsString(calibration), Calibration.class);
      assertThat(reread.maps()).isEqualTo(calibration.maps());

      List<byte[]> fresh = normal(600, 2);
      List<Box> boxes = new ArrayList<>();
      List<byte[]> bad = defective(normal(300, 3), 4, boxes);
      {
        // The detector shares the scorer's sessions; the scorer's try block closes them.
        Detector detector = Detector.of(scorer, calibration);
        assertThat(detector.mapKind()).isEqualTo(MapKind.PIXEL_NLL);
        Verdicts good = detector.judge(fresh);
        Verdicts flawed = detector.judge(bad);

        double[] localGood = good.table().column(Score.LOCAL);
        double[] localBad = flawed.table().column(Score.LOCAL);
        double[] bpdGood = good.table().column(Score.BPD);
        double[] bpdBad = flawed.table().column(Score.BPD);
        assertThat(DetectionMetrics.of(bpdGood, bpdBad).auroc()).isLessThan(0.8);
        assertThat(DetectionMetrics.of(localGood, localBad).auroc()).isGreaterThan(0.99);
        // Fisher's method gives up a little to the useless global component, not much.
        assertThat(DetectionMetrics.of(good.values(), flawed.values()).auroc()).isGreaterThan(0.93);

        int flagged = 0;
        for (int i = 0; i < good.size(); i++) {
          flagged += Boolean.TRUE.equals(good.anomaly(i)) ? 1 : 0;
        }
        assertThat((double) flagged / good.size()).isBetween(0.02, 0.09);

        int detected = 0;
        int located = 0;
        for (int i = 0; i < flawed.size(); i++) {
          Verdict v = flawed.verdict(i);
          assertThat(v.location()).isNotNull();
          assertThat(v.pValues()).containsKey("local");
          if (Boolean.TRUE.equals(v.anomaly())) {
            detected++;
            located += overlaps(v.location().box(), boxes.get(i)) ? 1 : 0;
          }
        }
        assertThat(detected).isGreaterThan(280);
        assertThat(located).isEqualTo(detected);

        // The decision values the evaluation computes are the detector's.
        ScoreTable plain =
            scorer.score(ScoreRequest.of(bad, scorer.available()).withMap(MapKind.PIXEL_NLL));
        assertThat(DecisionValues.of(calibration, plain)).containsExactly(flawed.values());
      }
    }
  }

  @Test
  void flowEnergyMapsFindAndLocateTheSameDefectsInAFlow() throws Exception {
    Bundle bundle = OnnxTestModels.flowBundle(dir.resolve("flow"), SPEC, "glow", 2, 1 / 32f);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      assertThat(scorer.defaultMap()).contains(MapKind.FLOW_ENERGY);
      ScoreTable calib =
          scorer.score(
              ScoreRequest.of(normal(800, 1), scorer.available()).withMap(MapKind.FLOW_ENERGY));
      Calibration calibration =
          Calibrator.calibrate(
              bundle.manifest(),
              calib,
              DecisionScore.single(Score.LOCAL),
              0.05,
              "sha256:test",
              null,
              new LocalSettings(3, Standardisation.POSITION));
      assertThat(calibration.maps().map()).isEqualTo("flow_energy");
      assertThat(calibration.maps().n()).isEqualTo(200);
      Calibration reread =
          Json.mapper().readValue(Json.mapper().writeValueAsString(calibration), Calibration.class);
      assertThat(reread.maps().kind()).isEqualTo(MapKind.FLOW_ENERGY);

      List<Box> boxes = new ArrayList<>();
      List<byte[]> bad = defective(normal(300, 3), 4, boxes);
      Detector detector = Detector.of(scorer, calibration);
      assertThat(detector.mapKind()).isEqualTo(MapKind.FLOW_ENERGY);
      Verdicts good = detector.judge(normal(600, 2));
      Verdicts flawed = detector.judge(bad);
      assertThat(DetectionMetrics.of(good.values(), flawed.values()).auroc()).isGreaterThan(0.99);
      int detected = 0;
      int located = 0;
      for (int i = 0; i < flawed.size(); i++) {
        Verdict v = flawed.verdict(i);
        if (Boolean.TRUE.equals(v.anomaly())) {
          detected++;
          located += overlaps(v.location().box(), boxes.get(i)) ? 1 : 0;
        }
      }
      assertThat(detected).isGreaterThan(270);
      assertThat(located).isEqualTo(detected);
    }
  }

  @Test
  void localNeedsMaps() {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      ScoreTable noMaps = scorer.score(normal(20, 1), scorer.available());
      assertThatThrownBy(
              () ->
                  Calibrator.calibrate(
                      bundle.manifest(), noMaps, DecisionScore.single(Score.LOCAL), 0.1, "x", null))
          .hasMessageContaining("score local needs evidence maps");
      assertThatThrownBy(() -> scorer.score(normal(2, 1), java.util.Set.of(Score.LOCAL)))
          .hasMessageContaining("score local is computed from evidence maps");
      assertThatThrownBy(
              () ->
                  scorer.score(
                      ScoreRequest.of(normal(2, 1), scorer.available()).withMap(MapKind.PIXEL_LLR)))
          .hasMessageContaining("map pixel_llr is not available");
    }
  }

  private static boolean overlaps(Box a, Box b) {
    return a.x0() < b.x1() && b.x0() < a.x1() && a.y0() < b.y1() && b.y0() < a.y1();
  }
}
