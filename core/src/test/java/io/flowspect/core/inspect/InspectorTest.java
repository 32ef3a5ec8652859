package io.flowspect.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.explain.ExplainOptions;
import io.flowspect.core.explain.Explanation;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.TestImages;
import io.flowspect.core.onnx.OnnxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scoring use case on the reference PixelCNN (calibrated on the pixel-level likelihood ratio):
 * the same verdicts as the detector's own calls, explanations from the decision's map, and a broken
 * image refused alone.
 */
class InspectorTest {

  private static final Path PIXELCNN = Path.of("..", "models", "fmnist-pixelcnn");

  @Test
  void judgesLikeTheDetectorAndExplainsTheAnomalousOnesWithTheDecisionsMap() {
    try (Detector detector = Detector.open(Bundle.open(PIXELCNN), OnnxOptions.cpu())) {
      List<byte[]> images = images(8);
      List<Subject> subjects = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        // Half arrive decoded (interleaved HWC bytes of one channel are the same bytes as CHW).
        subjects.add(
            i % 2 == 0
                ? Subject.ofChw(images.get(i), null)
                : Subject.of(new RasterImage(28, 28, 1, images.get(i)), null));
      }
      InspectedBatch batch =
          Inspector.of(detector)
              .explaining(ExplainWhen.ANOMALOUS, ExplainOptions.defaults())
              .inspect(subjects);

      Verdicts direct = detector.judge(detector.score(images, detector.scorer().available()));
      assertThat(batch.calls()).hasSize(1);
      assertThat(batch.calls().get(0).images()).isEqualTo(8);
      int anomalous = 0;
      for (int i = 0; i < images.size(); i++) {
        Inspection.Judged judged = (Inspection.Judged) batch.inspections().get(i);
        assertThat(judged.verdict().value()).isEqualTo(direct.verdict(i).value());
        assertThat(judged.verdict().pValue()).isEqualTo(direct.verdict(i).pValue());
        assertThat(judged.verdict().anomaly()).isEqualTo(direct.verdict(i).anomaly());
        assertThat(judged.judgement().score()).isEqualTo(direct.verdict(i).value());
        assertThat(judged.batchSize()).isEqualTo(8);
        if (judged.anomalous()) {
          anomalous++;
          assertThat(judged.explanation().method()).isEqualTo("pixel_llr");
          assertThat(judged.explanation().heatmapPng()).isNotNull();
        } else {
          assertThat(judged.explanation()).isEqualTo(Explanation.NONE);
        }
      }
      assertThat(anomalous).as("the bright squares are flagged").isGreaterThan(0);

      Inspection.Judged always =
          (Inspection.Judged)
              Inspector.of(detector)
                  .explaining(ExplainWhen.ALWAYS, ExplainOptions.defaults())
                  .inspect(Subject.ofChw(images.get(0), null));
      assertThat(always.explanation().method()).isEqualTo("pixel_llr");
      Inspection.Judged never =
          (Inspection.Judged) Inspector.of(detector).inspect(Subject.ofChw(images.get(0), null));
      assertThat(never.explanation()).isEqualTo(Explanation.NONE);
    }
  }

  @Test
  void anImageTheModelCannotTakeIsRefusedAloneAndTheOthersAreJudged() {
    try (Detector detector = Detector.open(Bundle.open(PIXELCNN), OnnxOptions.cpu())) {
      List<byte[]> images = images(3);
      List<Subject> subjects =
          List.of(
              Subject.ofChw(images.get(0), null),
              Subject.ofChw(new byte[5], null),
              Subject.ofChw(images.get(2), null));
      InspectedBatch batch = Inspector.of(detector).inspect(subjects);

      assertThat(batch.inspections().get(0)).isInstanceOf(Inspection.Judged.class);
      assertThat(batch.inspections().get(2)).isInstanceOf(Inspection.Judged.class);
      Inspection.Refused refused = (Inspection.Refused) batch.inspections().get(1);
      assertThat(refused.refusal()).isEqualTo(Refusal.SCORING_FAILED);
      assertThat(refused.message()).startsWith("model fmnist-pixelcnn failed");
      // The batch call failed, then one call per image.
      assertThat(batch.calls()).extracting(InferenceCall::images).containsExactly(1, 1);
      Verdicts direct =
          detector.judge(detector.score(List.of(images.get(2)), detector.scorer().available()));
      assertThat(((Inspection.Judged) batch.inspections().get(2)).verdict().value())
          .isEqualTo(direct.verdict(0).value());
    }
  }

  /** Dark garment-like images, every other one with a bright square. */
  private static List<byte[]> images(int n) {
    return TestImages.squares(n, 5, 30, 8, 1, 12, 4, i -> i % 2 == 1);
  }
}
