package io.flowspect.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleException;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.ConformalReference;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxTestModels;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorTest {

  private static final InputSpec SPEC = new InputSpec(1, 4, 4, ResizeMode.RESIZE);

  @TempDir Path dir;

  @Test
  void withoutCalibrationThereAreScoresButNoDecision() {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    try (Detector detector = Detector.open(bundle, OnnxOptions.cpu())) {
      assertThat(detector.calibration()).isEmpty();
      assertThat(detector.decision().id()).isEqualTo("bpd"); // the manifest's default score
      Verdicts v = detector.judge(images(3, 1, 0, 255));
      assertThat(v.verdict(0).pValue()).isNaN();
      assertThat(v.verdict(0).anomaly()).isNull();
      assertThat(v.verdict(0).value()).isEqualTo(v.table().column(Score.BPD)[0]);
      assertThat(v.verdict(0).scores()).containsKeys("log_px", "bpd", "complexity", "typicality");
    }
  }

  @Test
  void calibratedDecisionsFlagExactlyThePValuesAtMostAlpha() throws Exception {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      // Normal images are dark (0..99); anomalies bright (150..255) and so have a high bpd.
      ScoreTable normal = scorer.score(images(400, 2, 0, 100), scorer.available());
      ScoreTable anomalous = scorer.score(images(50, 3, 150, 256), scorer.available());
      Calibration calibration =
          Calibrator.calibrate(
              bundle.manifest(),
              normal,
              DecisionScore.single(Score.BPD),
              0.05,
              "sha256:normal",
              anomalous);
      assertThat(calibration.n()).isEqualTo(400);
      assertThat(calibration.threshold())
          .isEqualTo(ConformalReference.of(normal.column(Score.BPD)).threshold(0.05));
      assertThat(calibration.labelled().auroc()).isEqualTo(1.0);
      assertThat(calibration.labelled().f1()).isEqualTo(1.0);
      CalibrationFile.write(bundle, calibration);
    }
    try (Detector detector = Detector.open(bundle, OnnxOptions.cpu())) {
      Calibration read = detector.calibration().orElseThrow();
      assertThat(read.threshold()).isEqualTo(detector.calibration().get().threshold());
      List<byte[]> test = images(300, 4, 0, 100);
      test.addAll(images(20, 5, 150, 256));
      Verdicts v = detector.judge(test);
      int flaggedNormal = 0;
      for (int i = 0; i < v.size(); i++) {
        Verdict one = v.verdict(i);
        assertThat(one.anomaly()).isEqualTo(one.pValue() <= 0.05);
        assertThat(one.pValue())
            .isEqualTo(read.decisionReference().pValue(v.table().column(Score.BPD)[i]));
        assertThat(one.pValues()).containsKeys("bpd", "log_px", "complexity");
        if (i < 300 && one.anomaly()) {
          flaggedNormal++;
        }
        if (i >= 300) {
          assertThat(one.anomaly()).as("anomaly %d", i).isTrue();
        }
      }
      assertThat(flaggedNormal).isBetween(5, 30); // alpha 0.05 of 300 is 15
    }
  }

  @Test
  void fisherCalibratesItsStatisticOnEveryImageJudgedAgainstTheOthers() {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      ScoreTable normal = scorer.score(images(200, 6, 0, 100), scorer.available());
      DecisionScore fisher = DecisionScore.parse("fisher:bpd+complexity");
      Calibration c =
          Calibrator.calibrate(bundle.manifest(), normal, fisher, 0.1, "sha256:x", null);
      assertThat(c.references().get("bpd").n()).isEqualTo(200);
      assertThat(c.decisionReference().n()).isEqualTo(200);
      double[] bpd = normal.column(Score.BPD);
      double[] complexity = normal.column(Score.COMPLEXITY);
      // In the calibration, image 1's statistic comes from its p-values among the other 199.
      double own =
          DecisionScore.fisherStatistic(
              new double[] {
                c.references().get("bpd").leaveOneOutTailPValue(bpd[1]),
                c.references().get("complexity").leaveOneOutTailPValue(complexity[1])
              });
      assertThat(Arrays.stream(c.decisionReference().sorted()).anyMatch(s -> s == own)).isTrue();
      // Judged afterwards, as a new image, it is counted among all 200: one more at or above it.
      double judged =
          DecisionScore.fisherStatistic(
              new double[] {
                c.references().get("bpd").tailPValue(bpd[1]),
                c.references().get("complexity").tailPValue(complexity[1])
              });
      Detector detector = Detector.of(scorer, c);
      assertThat(detector.judge(normal).values()[1]).isEqualTo(judged).isLessThan(own);
    }
  }

  @Test
  void refusesACalibrationMadeForAnotherBundle() throws Exception {
    Bundle bundle = OnnxTestModels.densityBundle(dir.resolve("m"), SPEC);
    Files.writeString(
        bundle.dir().resolve(Calibration.FILE_NAME),
        "{\"format_version\":1,\"bundle_id\":\"other\",\"bundle_version\":\"1\",\"score\":\"bpd\","
            + "\"alpha\":0.01,\"threshold\":1,\"n\":1,\"references\":{\"bpd\":{\"n\":1,"
            + "\"sorted\":[1]}},\"decision_reference\":{\"n\":1,\"sorted\":[1]}}");
    assertThatThrownBy(() -> CalibrationFile.read(bundle))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("made for bundle other")
        .hasMessageContaining("flowspect calibrate");
  }

  private static List<byte[]> images(int n, long seed, int lo, int hi) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[16];
      for (int j = 0; j < 16; j++) {
        b[j] = (byte) random.nextInt(lo, hi);
      }
      out.add(b);
    }
    return out;
  }
}
