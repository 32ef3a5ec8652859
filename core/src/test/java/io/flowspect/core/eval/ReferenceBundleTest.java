package io.flowspect.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.calibration.DecisionValues;
import io.flowspect.core.data.DataSplit;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.Split;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The likelihood trap, measured on real data with the committed reference bundle: Fashion-MNIST
 * test images against MNIST digits. Raw likelihood ranks the digits as more normal; the bundle's
 * calibrated decision score must separate them at AUROC 0.995 or more, and its threshold for alpha
 * = 0.01, set on one half of the Fashion-MNIST test set, must flag between 0.5% and 1.5% of the
 * other half.
 *
 * <p>Data: Fashion-MNIST from Debian's {@code dataset-fashion-mnist}, MNIST from {@code
 * scripts/fetch-mnist}; {@code .ci/run} installs both.
 */
class ReferenceBundleTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path BUNDLE = ROOT.resolve("models/fmnist-glow");
  private static final Path FASHION =
      Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
  private static final Path MNIST = ROOT.resolve("data/mnist/mnist-images-idx3-ubyte.gz");

  private static List<byte[]> load(Path file, Bundle bundle) {
    assertThat(file)
        .as(
            "test data (install dataset-fashion-mnist and run scripts/fetch-mnist, as .ci/run does)")
        .exists();
    return ImageDatasets.load(file, bundle.manifest().input(), ImageLimits.defaults())
        .images()
        .stream()
        .map(ImageRecord::chw)
        .toList();
  }

  @Test
  void theDecisionScoreAvoidsTheLikelihoodTrapAndHoldsItsFalsePositiveRate() throws Exception {
    assertThat(Files.isDirectory(BUNDLE)).as(BUNDLE.toString()).isTrue();
    Bundle bundle = Bundle.open(BUNDLE);
    Set<Score> scores = Set.of(Score.LOG_PX, Score.COMPLEXITY);
    try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
      List<ImageRecord> fashionRecords =
          ImageDatasets.load(FASHION, bundle.manifest().input(), ImageLimits.defaults()).images();
      ScoreTable digits =
          scorer.scoreAll(ScoreRequest.of(load(MNIST, bundle), scores), 500, done -> {});
      Split halves = DataSplit.split(fashionRecords, 0.5, 7);
      ScoreTable first =
          scorer.scoreAll(
              ScoreRequest.of(halves.train().stream().map(ImageRecord::chw).toList(), scores),
              500,
              done -> {});
      ScoreTable second =
          scorer.scoreAll(
              ScoreRequest.of(halves.validation().stream().map(ImageRecord::chw).toList(), scores),
              500,
              done -> {});
      ScoreTable fashion = ScoreTable.concat(List.of(first, second), scores);

      // The trap: raw likelihood finds the digits more likely than the garments.
      double rawAuroc =
          DetectionMetrics.of(
                  fashion.anomalyColumn(Score.LOG_PX), digits.anomalyColumn(Score.LOG_PX))
              .auroc();
      assertThat(rawAuroc).isLessThan(0.5);
      // The bundle's decision score (complexity) avoids it.
      double auroc =
          DetectionMetrics.of(
                  fashion.anomalyColumn(Score.COMPLEXITY), digits.anomalyColumn(Score.COMPLEXITY))
              .auroc();
      assertThat(auroc).isGreaterThanOrEqualTo(0.995);

      // Calibrated on one half, the threshold keeps its false-positive rate on the other, both
      // ways.
      DecisionScore decision = DecisionScore.single(Score.COMPLEXITY);
      for (ScoreTable[] pair : new ScoreTable[][] {{first, second}, {second, first}}) {
        Calibration calibration =
            Calibrator.calibrate(bundle.manifest(), pair[0], decision, 0.01, "test-half", null);
        double fpr =
            Evaluation.fractionAbove(
                DecisionValues.of(calibration, pair[1]), calibration.threshold());
        assertThat(fpr).isBetween(0.005, 0.015);
      }
    }
  }
}
