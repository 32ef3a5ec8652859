package io.flowspect.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.data.SkippedInput;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.FrameDetector;
import io.flowspect.core.inspect.Inspection;
import io.flowspect.core.inspect.Inspector;
import io.flowspect.core.inspect.Subject;
import io.flowspect.core.local.FrameCalibration;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.Scorer;
import io.flowspect.core.tile.TiledCalibration;
import io.flowspect.core.tile.TiledCalibrationFile;
import io.flowspect.core.tile.TiledDetector;
import io.flowspect.trainer.train.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowspect score}: one JSON line per input image with its scores and decision. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Score images with a bundle: one JSON line per image with the default score, every score,"
            + " the p-value and the decision (when calibrated). Folder images larger than the"
            + " model input are scored tile by tile: their line adds the tile grid of values and"
            + " the hottest tile's box, and their scores are the hottest tile's. Unreadable files"
            + " get a line with their error.")
final class ScoreCommand implements Callable<Integer> {

  static final ObjectMapper JSON = new ObjectMapper();

  @Mixin BundleFlag model;

  @Option(names = "--input", required = true, description = "IDX file or image folder")
  Path input;

  @Option(names = "--output", required = true, description = "JSON lines file to write")
  Path output;

  @Option(
      names = "--scores",
      split = ",",
      description = "scores to report (default: all the bundle can compute)")
  List<String> scores;

  @Option(names = "--limit", defaultValue = "0", description = "score at most N images (0: all)")
  int limit;

  @Option(
      names = "--tiles",
      defaultValue = "auto",
      description =
          "auto: a folder image larger than the model input in both sides is scored tile by tile"
              + " (others are resized as before); off: every image is resized. IDX inputs are"
              + " never tiled. Default: ${DEFAULT-VALUE}")
  String tiles;

  @Mixin TileFlags tileFlags;

  @Mixin OnnxFlags onnx;

  @Mixin ConditionFlags conditionFlags;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be 0 (all) or positive, got " + limit);
    }
    boolean tiling = tilingEnabled();
    Bundle bundle = model.open();
    if (Files.isDirectory(input) && FrameCalibration.read(bundle).isPresent()) {
      return scoreFrames(bundle);
    }
    try (Detector opened = Detector.open(bundle, onnx.options())) {
      Detector detector = conditionFlags.apply(opened);
      // A conditional bundle's folder images without --condition take their sub-folder's class:
      // they are loaded as a labelled data set, resized (no tiles).
      boolean perImageClasses =
          detector.scorer().condition().isPresent() && conditionFlags.condition == null;
      Set<Score> reported = reported(detector);
      Set<Score> computed = new LinkedHashSet<>(reported);
      computed.addAll(detector.decision().components());
      TiledDetector tiled =
          TiledDetector.of(
                  detector, tileFlags.layout(detector.scorer().input()), tileFlags.aggregate())
              .computing(computed);
      FolderScoring.Summary summary;
      if (tiling && Files.isDirectory(input) && !perImageClasses) {
        summary =
            new FolderScoring(input, output, limit, reported, computed)
                .run(withTiledCalibration(bundle, tiled));
      } else {
        summary = scoreResized(detector, reported);
      }
      System.out.printf(
          "%d images scored (%s)%s, %s, %d skipped; wrote %s%n",
          summary.scored(),
          detector.decision().id(),
          summary.tiled() > 0
              ? ", " + summary.tiled() + " tiled (" + tiled.aggregate() + " of the tiles)"
              : "",
          detector.calibration().isPresent() || summary.tiledCalibrated()
              ? summary.flagged() + " anomalous"
              : "not calibrated",
          summary.skipped(),
          output);
      if (detector.calibration().isEmpty()) {
        System.err.println(
            "note: the bundle has no calibration.json, so there are no p-values or decisions;"
                + " run flowspect calibrate first");
      }
      summary.notes().forEach(System.err::println);
    }
    return 0;
  }

  /** A model trained on patches and calibrated for frames: one line per frame with its regions. */
  private int scoreFrames(Bundle bundle) {
    try (Scorer scorer = Scorer.open(bundle, onnx.options())) {
      FrameDetector detector = FrameDetector.of(scorer).orElseThrow();
      FolderScoring.Summary summary = FrameScoring.run(detector, input, output, limit);
      System.out.printf(
          "%d frames scored (frame score, %s maps), %d anomalous, %d skipped; wrote %s%n",
          summary.scored(),
          detector.calibration().map(),
          summary.flagged(),
          summary.skipped(),
          output);
    }
    return 0;
  }

  /** The bundle's tiled calibration when it was made for this detector, else none (noted). */
  private static TiledDetector withTiledCalibration(Bundle bundle, TiledDetector tiled) {
    Optional<TiledCalibration> file = TiledCalibrationFile.read(bundle);
    if (file.isEmpty()) {
      return tiled;
    }
    String mismatch = file.get().mismatch(tiled);
    if (mismatch != null) {
      System.err.println(
          "note: "
              + TiledCalibration.FILE_NAME
              + " is not used, "
              + mismatch
              + "; tiled images get Bonferroni p-values");
      return tiled;
    }
    return tiled.withCalibration(file.get());
  }

  /**
   * The IDX input, or every image resized to the model input ({@code --tiles off}), inspected in
   * chunks through core's {@link Inspector}, the scoring use case the service shares.
   */
  private FolderScoring.Summary scoreResized(Detector detector, Set<Score> reported) {
    LoadedImages loaded = conditionFlags.load("--input", input, detector.scorer(), limit, true);
    List<ImageRecord> images = loaded.images();
    Inspector inspector =
        Inspector.of(detector).scoring(reported).withConditionHint(": give --condition NAME");
    Optional<Condition> condition = detector.scorer().condition();
    Progress progress = Progress.console("score", images.size());
    long flagged = 0;
    int refused = 0;
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (int start = 0; start < images.size(); start += Datasets.CHUNK) {
        List<ImageRecord> chunk =
            images.subList(start, Math.min(images.size(), start + Datasets.CHUNK));
        List<Subject> subjects =
            chunk.stream()
                .map(r -> Subject.ofChw(r.chw(), condition.isPresent() ? r.label() : null))
                .toList();
        List<Inspection> inspections = inspector.inspect(subjects).inspections();
        for (int i = 0; i < chunk.size(); i++) {
          ImageRecord image = chunk.get(i);
          Inspection inspection = inspections.get(i);
          if (inspection instanceof Inspection.Refused r) {
            refused++;
            writeLine(w, ScoreLines.error(image.id(), r.message()));
            continue;
          }
          Inspection.Judged judged = (Inspection.Judged) inspection;
          Map<String, Object> line = ScoreLines.of(image.id(), judged.verdict(), reported);
          if (condition.isPresent()) {
            line.put(
                condition.get().name(),
                image.label() != null
                    ? image.label()
                    : detector.scorer().defaultCondition().orElse(null));
          }
          writeLine(w, line);
          if (judged.anomalous()) {
            flagged++;
          }
        }
        progress.update(start + chunk.size(), "");
      }
      progress.finish();
      for (SkippedInput s : loaded.skipped()) {
        writeLine(w, ScoreLines.error(s.id(), s.reason()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--output " + output + ": cannot write: " + e.getMessage(), e);
    }
    return new FolderScoring.Summary(
        images.size() - refused, 0, flagged, loaded.skipped().size() + refused, false, List.of());
  }

  /** True for {@code --tiles auto}, false for {@code off}. */
  private boolean tilingEnabled() {
    String mode = tiles == null ? "" : tiles.trim().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "auto" -> true;
      case "off" -> false;
      default ->
          throw new IllegalArgumentException("--tiles must be auto or off, got '" + tiles + "'");
    };
  }

  private Set<Score> reported(Detector detector) {
    if (scores == null || scores.isEmpty()) {
      Set<Score> all = new LinkedHashSet<>(detector.scorer().available());
      if (detector.mapKind() != null) {
        all.add(Score.LOCAL);
      }
      return all;
    }
    Set<Score> out = new LinkedHashSet<>();
    for (String s : scores) {
      out.add(Score.of(s));
    }
    return out;
  }

  /** Writes one JSON line. */
  static void writeLine(BufferedWriter w, Map<String, Object> line) throws IOException {
    w.write(JSON.writeValueAsString(line));
    w.newLine();
  }
}
