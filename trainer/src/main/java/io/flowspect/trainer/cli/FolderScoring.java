package io.flowspect.trainer.cli;

import io.flowspect.core.data.FolderImage;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.SkippedInput;
import io.flowspect.core.detect.Detector;
import io.flowspect.core.detect.Verdicts;
import io.flowspect.core.image.ImageDecoder;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.score.Score;
import io.flowspect.core.tile.PValueMethod;
import io.flowspect.core.tile.TileLayout;
import io.flowspect.core.tile.TiledDetector;
import io.flowspect.core.tile.TiledVerdict;
import io.flowspect.trainer.train.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code flowspect score} over an image folder with tiling: decodes the files at their own size a
 * round at a time (memory stays bounded by one round of frames), scores the images larger than the
 * model input in both sides tile by tile and the others resized as before, and writes their JSON
 * lines in id order, then one error line per skipped file.
 */
final class FolderScoring {

  /** Files decoded and scored per round. */
  static final int FILES_PER_ROUND = 32;

  /**
   * What a scoring run did, for the summary on standard output.
   *
   * @param scored images scored
   * @param tiled of which were tiled
   * @param flagged images decided anomalous
   * @param skipped files that could not be used
   * @param tiledCalibrated true when tiled images got their p-values from a tiled calibration
   * @param notes lines for standard error
   */
  record Summary(
      int scored,
      int tiled,
      long flagged,
      int skipped,
      boolean tiledCalibrated,
      List<String> notes) {}

  private final Path input;
  private final Path output;
  private final int limit;
  private final Set<Score> reported;
  private final Set<Score> computed;

  FolderScoring(Path input, Path output, int limit, Set<Score> reported, Set<Score> computed) {
    this.input = input;
    this.output = output;
    this.limit = limit;
    this.reported = reported;
    this.computed = computed;
  }

  Summary run(TiledDetector tiled) {
    Detector detector = tiled.detector();
    InputSpec spec = detector.scorer().input();
    TileLayout layout = tiled.layout();
    List<Path> files = ImageDatasets.imageFiles(input);
    ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());
    Progress progress = Progress.console("score", files.size());
    List<SkippedInput> skipped = new ArrayList<>();
    int scored = 0;
    int tiledCount = 0;
    long flagged = 0;
    int mostTiles = 0;
    boolean bonferroni = false;
    boolean tiledCalibrated = false;
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      int next = 0;
      while (next < files.size() && (limit == 0 || scored < limit)) {
        List<Path> round = files.subList(next, Math.min(files.size(), next + FILES_PER_ROUND));
        next += round.size();
        List<FolderImage> decoded =
            round.parallelStream().map(f -> ImageDatasets.decodeFile(input, f, decoder)).toList();
        List<FolderImage> usable = new ArrayList<>();
        for (FolderImage d : decoded) {
          if (limit > 0 && scored + usable.size() == limit) {
            break;
          }
          if (d.image() == null) {
            skipped.add(d.skipped());
            System.err.println("skipped " + d.id() + ": " + d.skipped().reason());
          } else {
            usable.add(d);
          }
        }
        List<RasterImage> large = new ArrayList<>();
        List<byte[]> small = new ArrayList<>();
        for (FolderImage d : usable) {
          RasterImage image = d.image();
          if (layout.largerThanTile(image.width(), image.height())) {
            large.add(image);
          } else {
            small.add(spec.toChw(image));
          }
        }
        List<TiledVerdict> tiledVerdicts = tiled.judge(large);
        Verdicts smallVerdicts =
            small.isEmpty() ? null : detector.judge(detector.score(small, computed));
        int li = 0;
        int si = 0;
        for (FolderImage d : usable) {
          if (layout.largerThanTile(d.image().width(), d.image().height())) {
            TiledVerdict v = tiledVerdicts.get(li++);
            ScoreCommand.writeLine(w, ScoreLines.of(d.id(), v, reported));
            flagged += Boolean.TRUE.equals(v.anomaly()) ? 1 : 0;
            mostTiles = Math.max(mostTiles, v.tiling().count());
            bonferroni |= v.pValueMethod() == PValueMethod.BONFERRONI;
            tiledCalibrated |= v.pValueMethod() == PValueMethod.TILED_CALIBRATION;
            tiledCount++;
          } else {
            int i = si++;
            ScoreCommand.writeLine(w, ScoreLines.of(d.id(), smallVerdicts.verdict(i), reported));
            flagged += Boolean.TRUE.equals(smallVerdicts.anomaly(i)) ? 1 : 0;
          }
        }
        scored += usable.size();
        progress.update(next, tiledCount + " tiled");
      }
      for (SkippedInput s : skipped) {
        ScoreCommand.writeLine(w, ScoreLines.error(s.id(), s.reason()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--output " + output + ": cannot write: " + e.getMessage(), e);
    }
    progress.finish();
    if (scored == 0) {
      throw new IllegalArgumentException(
          "--input no usable image in "
              + input
              + " ("
              + skipped.size()
              + " skipped: "
              + (skipped.isEmpty()
                  ? "no .png, .jpg, .jpeg or .bmp file found"
                  : skipped.get(0).reason())
              + ")");
    }
    List<String> notes = new ArrayList<>();
    if (bonferroni) {
      notes.add(bonferroniNote(detector, mostTiles));
    }
    return new Summary(scored, tiledCount, flagged, skipped.size(), tiledCalibrated, notes);
  }

  /** Explains Bonferroni p-values, and warns when they can never reach alpha. */
  private static String bonferroniNote(Detector detector, int mostTiles) {
    String note =
        "note: tiled images have Bonferroni p-values (n_tiles * smallest tile p-value),"
            + " conservative; a tiled-calibration.json made from normal images of the same size"
            + " gives exact ones";
    double alpha = detector.calibration().orElseThrow().alpha();
    long n = detector.calibration().orElseThrow().decisionReference().n();
    if ((double) mostTiles / (n + 1) > alpha + 1e-12) {
      note +=
          String.format(
              Locale.ROOT,
              "%nwarning: with %d calibration images an image of %d tiles can never reach alpha"
                  + " %.4f (it needs at least %d)",
              n,
              mostTiles,
              alpha,
              (long) Math.ceil(mostTiles / alpha - 1 - 1e-9));
    }
    return note;
  }
}
