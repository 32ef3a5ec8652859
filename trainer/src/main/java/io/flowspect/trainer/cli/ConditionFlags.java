package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.data.DatasetLabels;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.score.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The condition flags of the scoring commands, for conditional bundles (cvae): every image is
 * scored under a class, given for all images ({@code --condition}) or per image ({@code --labels}
 * for the main IDX input; the class sub-folders of a folder input). Unconditional bundles refuse
 * both flags.
 */
final class ConditionFlags {

  @Option(
      names = "--condition",
      description = "cvae: score every image under this class (per-image labels, when given, win)")
  String condition;

  @Option(
      names = "--labels",
      description =
          "cvae: IDX1 labels of the main IDX input, one per image; label v is the bundle's class"
              + " number v. Folder inputs take the name of each image's sub-folder")
  Path labels;

  /**
   * Checks the flags against the bundle and returns the scorer to score with: bound to {@code
   * --condition} when given (it shares the sessions of {@code opened}).
   */
  Scorer apply(Scorer opened) {
    check(opened);
    return condition == null ? opened : opened.withCondition(condition);
  }

  /** As {@link #apply(Scorer)}, for a detector. */
  Detector apply(Detector opened) {
    check(opened.scorer());
    return condition == null ? opened : opened.withCondition(condition);
  }

  private void check(Scorer scorer) {
    if (scorer.condition().isEmpty() && (condition != null || labels != null)) {
      throw new IllegalArgumentException(
          (condition != null ? "--condition" : "--labels")
              + ": bundle "
              + scorer.bundle().manifest().id()
              + " (family "
              + scorer.bundle().manifest().family()
              + ") takes no condition");
    }
  }

  /**
   * Loads a data set and, for a conditional bundle, labels its images.
   *
   * @param flag the flag naming the set, for messages
   * @param path the IDX file or folder
   * @param main whether {@code --labels} belongs to this set (the command's main input)
   */
  LoadedImages load(String flag, Path path, Scorer scorer, int limit, boolean main) {
    LoadedImages loaded = Datasets.load(flag, path, scorer.input(), limit);
    if (scorer.condition().isEmpty()) {
      return loaded;
    }
    Condition c = scorer.condition().get();
    Path idxLabels = main ? labels : null;
    if (idxLabels == null && condition != null) {
      return loaded;
    }
    if (idxLabels == null && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          flag
              + " "
              + path
              + ": bundle "
              + scorer.bundle().manifest().id()
              + " is conditioned on "
              + c.name()
              + " "
              + c.classes()
              + ": give --condition NAME (one class for every image)"
              + (main ? " or --labels PATH (IDX1, one label per image)" : "")
              + ", or a folder with a sub-folder per class");
    }
    try {
      return DatasetLabels.of(loaded, path, idxLabels, c.classes()).images();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
    }
  }
}
