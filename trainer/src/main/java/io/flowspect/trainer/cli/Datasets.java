package io.flowspect.trainer.cli;

import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.data.SkippedInput;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.local.MapKind;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.train.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Loading and scoring whole datasets for the offline commands, with progress on stderr. */
final class Datasets {

  /** Images per ONNX Runtime round in offline scoring. */
  static final int CHUNK = 256;

  private Datasets() {}

  /** Loads a dataset in the model's input spec, reporting skipped files on stderr. */
  static LoadedImages load(String flag, Path path, InputSpec spec, int limit) {
    LoadedImages loaded;
    try {
      loaded = ImageDatasets.load(path, spec, ImageLimits.defaults(), limit);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
    }
    for (SkippedInput s : loaded.skipped()) {
      System.err.println("skipped " + s.id() + ": " + s.reason());
    }
    if (!loaded.skipped().isEmpty()) {
      System.err.printf(
          "%s: %d images, %d skipped%n", path, loaded.images().size(), loaded.skipped().size());
    }
    return loaded;
  }

  /**
   * The images' labels as per-image conditions (null entries take the scorer's default), or null
   * when no image has one.
   */
  static List<String> conditions(List<ImageRecord> images) {
    if (images.stream().allMatch(r -> r.label() == null)) {
      return null;
    }
    return images.stream().map(ImageRecord::label).toList();
  }

  /** Scores images with a progress display, and their evidence maps when {@code maps} is set. */
  static ScoreTable score(
      Scorer scorer, String label, List<ImageRecord> images, Set<Score> wanted, MapKind maps) {
    return score(scorer, label, images, wanted, maps, false);
  }

  /** Scores images with evidence maps and, when asked, their signed residuals. */
  static ScoreTable score(
      Scorer scorer,
      String label,
      List<ImageRecord> images,
      Set<Score> wanted,
      MapKind maps,
      boolean signed) {
    Progress progress = Progress.console(label, images.size());
    List<byte[]> chw = images.stream().map(ImageRecord::chw).toList();
    ScoreTable table =
        scorer.scoreAll(
            new ScoreRequest(chw, conditions(images), wanted, maps, signed),
            CHUNK,
            done -> progress.update(done, ""));
    progress.finish();
    return table;
  }

  static ScoreTable score(
      Scorer scorer, String label, List<ImageRecord> images, Set<Score> wanted) {
    return score(scorer, label, images, wanted, null);
  }

  /**
   * Scores images through a detector, so that local scores come with the calibration's map
   * statistics.
   */
  static ScoreTable score(
      Detector detector, String label, List<ImageRecord> images, Set<Score> wanted) {
    Progress progress = Progress.console(label, images.size());
    List<ScoreTable> parts = new ArrayList<>();
    List<String> conditions = conditions(images);
    for (int start = 0; start < images.size(); start += CHUNK) {
      int end = Math.min(images.size(), start + CHUNK);
      parts.add(
          detector.score(
              ScoreRequest.of(
                      images.subList(start, end).stream().map(ImageRecord::chw).toList(), wanted)
                  .withConditions(conditions == null ? null : conditions.subList(start, end))));
      progress.update(end, "");
    }
    progress.finish();
    Set<Score> columns = parts.isEmpty() ? Set.of() : parts.get(0).scores();
    return ScoreTable.concat(parts, columns);
  }
}
