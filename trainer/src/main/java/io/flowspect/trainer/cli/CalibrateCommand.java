package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.data.DataFingerprint;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect calibrate}: sets a bundle's threshold for a target false-positive rate from
 * normal images only, and writes {@code calibration.json} into the bundle.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description =
        "Calibrate a bundle on normal images: conformal p-values and the threshold for a target"
            + " false-positive rate, written to calibration.json in the bundle.")
final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "bundle folder")
  Path model;

  @Option(
      names = "--normal",
      required = true,
      description = "normal images not used in training: IDX file or image folder")
  Path normal;

  @Option(names = "--anomalous", description = "labelled anomalies (optional): F1 threshold, ROC")
  Path anomalous;

  @Option(
      names = "--score",
      description =
          "decision score, e.g. complexity, llr or fisher:complexity+llr (default: the"
              + " bundle's default score)")
  String score;

  @Option(names = "--fpr", defaultValue = "0.01", description = "target false-positive rate alpha")
  double fpr;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "use at most N normal images (0: all)")
  int limit;

  @Mixin OnnxFlags onnx;

  @Override
  public Integer call() {
    if (!(fpr > 0 && fpr < 1)) {
      throw new IllegalArgumentException("--fpr must be in (0, 1), got " + fpr);
    }
    Bundle bundle = Bundle.open(model);
    DecisionScore decision =
        score == null ? Detector.decisionFor(bundle, null) : DecisionScore.parse(score);
    try (Scorer scorer = Scorer.open(bundle, onnx.options())) {
      LoadedImages normalImages = Datasets.load("--normal", normal, scorer.input(), limit);
      String fingerprint = DataFingerprint.of(normalImages.images());
      if (fingerprint.equals(bundle.manifest().trainingFingerprint())) {
        throw new IllegalArgumentException(
            "--normal "
                + normal
                + " is the bundle's training data (same fingerprint "
                + fingerprint
                + "): calibrate on held-out normal images, or the threshold will be too low");
      }
      ScoreTable normalScores =
          Datasets.score(scorer, "normal", normalImages.images(), scorer.available());
      ScoreTable anomalousScores = null;
      if (anomalous != null) {
        LoadedImages a = Datasets.load("--anomalous", anomalous, scorer.input(), 0);
        anomalousScores = Datasets.score(scorer, "anomalous", a.images(), scorer.available());
      }
      Calibration calibration =
          Calibrator.calibrate(
              bundle.manifest(), normalScores, decision, fpr, fingerprint, anomalousScores);
      Path file = CalibrationFile.write(bundle, calibration);
      System.out.printf(
          Locale.ROOT,
          "%s: score %s, alpha %.4f, n %d, threshold %.6f%n",
          bundle.manifest().id(),
          calibration.score(),
          calibration.alpha(),
          calibration.n(),
          calibration.threshold());
      if (Double.isInfinite(calibration.threshold())) {
        System.err.printf(
            Locale.ROOT,
            "warning: %d normal images are too few for alpha %.4f (need at least %d): nothing"
                + " will be flagged; add normal images or raise --fpr%n",
            calibration.n(),
            fpr,
            (long) Math.ceil(1 / fpr - 1));
      }
      if (calibration.labelled() != null) {
        System.out.printf(
            Locale.ROOT,
            "labelled anomalies: %d, AUROC %.4f, F1-optimal threshold %.6f (F1 %.4f)%n",
            calibration.labelled().nAnomalous(),
            calibration.labelled().auroc(),
            calibration.labelled().f1Threshold(),
            calibration.labelled().f1());
      }
      System.out.println("wrote " + file);
    }
    return 0;
  }
}
