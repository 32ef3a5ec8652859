package io.flowspect.trainer.cli;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleWriter;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.calibration.DecisionScore;
import io.flowspect.core.score.Score;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flowspect manifest}: sets the manifest fields that are decided after export, the
 * background bundle (trained after the model, for {@code llr} and {@code pixel_llr}) and the
 * default score (chosen by an evaluation), without re-exporting the graphs or touching the
 * checksums of the bundle's files.
 */
@Command(
    name = "manifest",
    mixinStandardHelpOptions = true,
    description =
        "Set a bundle's background model or default score (fields decided after export); the"
            + " bundle is verified first and its files are not touched.")
final class ManifestCommand implements Callable<Integer> {

  @Mixin BundleFlag model;

  @ArgGroup(exclusive = true)
  BackgroundChoice background;

  @Option(
      names = "--default-score",
      description = "decision score, e.g. complexity or fisher:complexity+llr ('none' to clear)")
  String defaultScore;

  static final class BackgroundChoice {
    @Option(
        names = "--background",
        description = "background bundle folder with the same input (stored relative to --model)")
    Path path;

    @Option(names = "--no-background", description = "remove the background model")
    boolean none;
  }

  @Override
  public Integer call() {
    if (background == null && defaultScore == null) {
      throw new IllegalArgumentException(
          "nothing to change: give --background, --no-background or --default-score");
    }
    Bundle bundle = model.open();
    Manifest edited = bundle.manifest();
    if (background != null) {
      edited = edited.withBackground(background.none ? null : relativeBackground(bundle));
    }
    if (defaultScore != null) {
      String score = null;
      if (!defaultScore.equalsIgnoreCase("none")) {
        DecisionScore parsed;
        try {
          parsed = DecisionScore.parse(defaultScore);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--default-score: " + e.getMessage(), e);
        }
        score = parsed.id();
      }
      edited = edited.withDefaultScore(score);
    }
    if (edited.background() == null
        && edited.defaultScore() != null
        && DecisionScore.parse(edited.defaultScore()).components().contains(Score.LLR)) {
      throw new IllegalArgumentException(
          "bundle "
              + edited.id()
              + " would have no background model, but its default score "
              + edited.defaultScore()
              + " needs llr: give --background or another --default-score");
    }
    Manifest target = edited;
    Manifest written = BundleWriter.update(bundle.dir(), m -> target);
    System.out.printf(
        "%s: default score %s, background %s%n",
        written.id(),
        written.defaultScore() == null ? "(none: complexity)" : written.defaultScore(),
        written.background() == null ? "(none)" : written.background());
    return 0;
  }

  /** Verifies the background bundle and returns its path relative to the model's folder. */
  private String relativeBackground(Bundle bundle) {
    Bundle bg;
    try {
      bg = Bundle.open(background.path);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--background " + background.path + ": " + e.getMessage(), e);
    }
    if (bg.dir().equals(bundle.dir())) {
      throw new IllegalArgumentException("--background must be another bundle than --model");
    }
    if (!bg.manifest().input().equals(bundle.manifest().input())) {
      throw new IllegalArgumentException(
          "--background "
              + background.path
              + " takes "
              + bg.manifest().input()
              + ", but "
              + bundle.manifest().id()
              + " takes "
              + bundle.manifest().input());
    }
    if (bg.manifest().background() != null) {
      throw new IllegalArgumentException(
          "--background " + background.path + " has a background model of its own");
    }
    return bundle.dir().relativize(bg.dir()).toString().replace('\\', '/');
  }
}
