package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.calibration.Calibration;
import io.flowspect.core.calibration.CalibrationFile;
import io.flowspect.core.calibration.Calibrator;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.data.DataFingerprint;
import io.flowspect.core.data.FolderImage;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.data.MvtecCategory;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.image.SizeCheck;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.local.FrameEvidence;
import io.flowspect.core.local.LocalScores;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.core.tile.FrameMapper;
import io.flowspect.core.tile.TileAggregate;
import io.flowspect.core.tile.TileLayout;
import io.flowspect.core.tile.TiledCalibration;
import io.flowspect.core.tile.TiledCalibrationFile;
import io.flowspect.core.tile.TiledDetector;
import io.flowspect.core.tile.TiledVerdict;
import io.flowspect.trainer.train.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect calibrate}: sets a bundle's threshold for a target false-positive rate from
 * normal images only, and writes {@code calibration.json} into the bundle; with {@code
 * --tiled-normal}, also the calibration of tiled images' aggregate score, {@code
 * tiled-calibration.json}.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description =
        "Calibrate a bundle on normal images: conformal p-values and the threshold for a target"
            + " false-positive rate, written to calibration.json in the bundle.")
final class CalibrateCommand implements Callable<Integer> {

  @Mixin BundleFlag model;

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

  @Mixin FprFlag fprFlag;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "use at most N normal images (0: all)")
  int limit;

  @Option(
      names = "--tiled-normal",
      description =
          "folder of normal images larger than the model input, all with the same tile grid:"
              + " also calibrates the tiled image score (tiled-calibration.json) that flowspect"
              + " score uses for such images; give score the same --tile-stride and"
              + " --tile-aggregate")
  Path tiledNormal;

  @Mixin TileFlags tileFlags;

  @Mixin MapFlags mapFlags;

  @Mixin OnnxFlags onnx;

  @Mixin FrameFlags frameFlags;

  @Mixin ConditionFlags conditionFlags;

  @Override
  public Integer call() {
    double fpr = fprFlag.alpha();
    if (tiledNormal != null && !Files.isDirectory(tiledNormal)) {
      throw new IllegalArgumentException("--tiled-normal " + tiledNormal + ": not a folder");
    }
    TileAggregate aggregate = tileFlags.aggregate();
    Bundle bundle = model.open();
    if (MvtecCategory.looksLike(normal) && FrameInputs.trainedOnFrames(bundle)) {
      return calibrateFrames(bundle, fpr);
    }
    DecisionScore decision =
        score == null ? Detector.decisionFor(bundle, null) : DecisionScore.parse(score);
    try (Scorer opened = Scorer.open(bundle, onnx.options())) {
      Scorer scorer = conditionFlags.apply(opened);
      TileLayout layout = tileFlags.layout(scorer.input());
      LoadedImages normalImages = conditionFlags.load("--normal", normal, scorer, limit, true);
      String fingerprint = DataFingerprint.of(normalImages.images());
      if (fingerprint.equals(bundle.manifest().trainingFingerprint())) {
        throw new IllegalArgumentException(
            "--normal "
                + normal
                + " is the bundle's training data (same fingerprint "
                + fingerprint
                + "): calibrate on held-out normal images, or the threshold will be too low");
      }
      MapKind maps = mapFlags.resolve(scorer);
      boolean signed = mapFlags.signed(scorer, maps);
      if (maps == null && decision.components().contains(Score.LOCAL)) {
        throw new IllegalArgumentException(
            "--score "
                + decision
                + " needs evidence maps, but --maps is "
                + mapFlags.maps
                + (scorer.defaultMap().isEmpty()
                    ? " and bundle " + bundle.manifest().id() + " gives no evidence map"
                    : ""));
      }
      ScoreTable normalScores =
          Datasets.score(scorer, "normal", normalImages.images(), scorer.available(), maps, signed);
      ScoreTable anomalousScores = null;
      if (anomalous != null) {
        LoadedImages a = conditionFlags.load("--anomalous", anomalous, scorer, 0, false);
        anomalousScores =
            Datasets.score(scorer, "anomalous", a.images(), scorer.available(), maps, signed);
      }
      Calibration calibration =
          Calibrator.calibrate(
              bundle.manifest(),
              normalScores,
              decision,
              fpr,
              fingerprint,
              anomalousScores,
              mapFlags.settings());
      Path file = CalibrationFile.write(bundle, calibration);
      System.out.printf(
          Locale.ROOT,
          "%s: score %s, alpha %.4f, n %d, threshold %.6f%n",
          bundle.manifest().id(),
          calibration.score(),
          calibration.alpha(),
          calibration.n(),
          calibration.threshold());
      if (calibration.maps() != null) {
        System.out.printf(
            Locale.ROOT,
            "evidence maps: %s, statistics from %d images, window %d, standardised %s, local"
                + " score %s%n",
            calibration.maps().map(),
            calibration.maps().n(),
            calibration.maps().window(),
            calibration.maps().standardise(),
            LocalScores.describe(calibration.maps()));
      }
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
      if (tiledNormal != null) {
        // not closed here: it shares the scorer, which the try block closes
        Detector detector = Detector.of(scorer, calibration);
        calibrateTiles(bundle, TiledDetector.of(detector, layout, aggregate).computing(Set.of()));
      }
    }
    return 0;
  }

  /** Judges the large normal images tile by tile and writes tiled-calibration.json. */
  private void calibrateTiles(Bundle bundle, TiledDetector tiled) {
    double fpr = fprFlag.alpha();
    TileLayout layout = tiled.layout();
    List<Path> files = ImageDatasets.imageFiles(tiledNormal);
    ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
    Progress progress = Progress.console("tiled normal", files.size());
    List<TiledVerdict> verdicts = new ArrayList<>();
    for (int next = 0; next < files.size(); next += FolderScoring.FILES_PER_ROUND) {
      List<Path> round =
          files.subList(next, Math.min(files.size(), next + FolderScoring.FILES_PER_ROUND));
      List<RasterImage> images = new ArrayList<>();
      for (FolderImage d :
          round.parallelStream()
              .map(f -> ImageDatasets.decodeFile(tiledNormal, f, decoder))
              .toList()) {
        if (d.image() == null) {
          System.err.println("skipped " + d.id() + ": " + d.skipped().reason());
          continue;
        }
        if (!layout.largerThanTile(d.image().width(), d.image().height())) {
          throw new IllegalArgumentException(
              "--tiled-normal "
                  + d.id()
                  + " is "
                  + d.image().width()
                  + " x "
                  + d.image().height()
                  + ", not larger than the "
                  + layout.tileWidth()
                  + " x "
                  + layout.tileHeight()
                  + " model input in both sides: flowspect score resizes such images, so"
                  + " they do not belong in the tiled calibration");
        }
        images.add(d.image());
      }
      verdicts.addAll(tiled.judge(images));
      progress.update(next + round.size(), "");
    }
    progress.finish();
    TiledCalibration calibration;
    try {
      calibration = TiledCalibration.fromVerdicts(tiled, verdicts, fpr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--tiled-normal " + tiledNormal + ": " + e.getMessage(), e);
    }
    Path file = TiledCalibrationFile.write(bundle, calibration);
    System.out.printf(
        Locale.ROOT,
        "tiled: %s of %s over %d x %d tiles of %s, n %d, threshold %.6f%n",
        calibration.aggregate(),
        calibration.score(),
        calibration.rows(),
        calibration.cols(),
        layout,
        calibration.n(),
        calibration.threshold());
    if (Double.isInfinite(calibration.threshold())) {
      System.err.printf(
          Locale.ROOT,
          "warning: %d tiled normal images are too few for alpha %.4f (need at least %d):"
              + " no tiled image will be flagged%n",
          calibration.n(),
          fpr,
          (long) Math.ceil(1 / fpr - 1));
    }
    System.out.println("wrote " + file);
  }

  /**
   * A model trained on patches, calibrated for whole frames on the frames training held out of the
   * category ({@code frame_calibration.json}).
   */
  private int calibrateFrames(Bundle bundle, double fpr) {
    try (Scorer scorer = Scorer.open(bundle, onnx.options())) {
      MapKind kind = mapFlags.resolve(scorer);
      if (kind == null) {
        throw new IllegalArgumentException(
            "--normal "
                + normal
                + ": frames are judged by evidence maps, and bundle "
                + bundle.manifest().id()
                + " gives none under --maps "
                + mapFlags.maps);
      }
      List<RasterImage> frames =
          new java.util.ArrayList<>(FrameInputs.heldOutFrames(bundle, normal, "--normal"));
      if (frameFlags.extraNormal != null) {
        frames.addAll(
            FrameInputs.extraGoodFrames(bundle, frameFlags.extraNormal, "--extra-normal"));
      }
      RasterImage first = frames.get(0);
      for (RasterImage f : frames) {
        SizeCheck.requireSame(
            f.width(),
            f.height(),
            first.width(),
            first.height(),
            (size, other) ->
                "--normal "
                    + normal
                    + ": frames of "
                    + size
                    + " and "
                    + other
                    + "; a frame calibration is for one frame size");
      }
      TileLayout layout = frameFlags.layout(scorer.input());
      FrameMapper mapper = new FrameMapper(scorer, kind, layout);
      List<FrameEvidence> maps = FrameInputs.maps(mapper, "held-out frames", frames);
      FrameCalibration calibration =
          FrameInputs.calibrate(bundle, mapper, normal, maps, first, frameFlags.sigma(), fpr);
      if (Double.isInfinite(calibration.threshold())) {
        System.err.printf(
            Locale.ROOT,
            "note: alpha %s needs at least %d calibration frames; %d were held out for them, so"
                + " no frame is flagged: train with more frames or a larger --validation%n",
            fpr,
            (int) Math.ceil(1 / fpr - 1),
            calibration.framePeaks().n());
      }
      Path file = calibration.write(bundle);
      System.out.printf(
          Locale.ROOT,
          "frames of %d x %d, %s maps from %d x %d tiles every %d pixels: reference from %d"
              + " frames, the decision's local and global parts from %d, frame threshold %.4f at"
              + " alpha %s from %d held-out frames, pixel threshold %.4f; wrote %s%n",
          first.width(),
          first.height(),
          kind.id(),
          layout.tileWidth(),
          layout.tileHeight(),
          layout.strideX(),
          calibration.referenceFrames(),
          calibration.decisionFrames(),
          calibration.threshold(),
          fpr,
          calibration.framePeaks().n(),
          calibration.pixelThreshold(),
          file);
    }
    return 0;
  }
}
