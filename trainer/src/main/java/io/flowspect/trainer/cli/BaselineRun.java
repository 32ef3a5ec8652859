package io.flowspect.trainer.cli;

import io.flowspect.core.baseline.BaselineDensity;
import io.flowspect.core.baseline.BaselineResult;
import io.flowspect.core.baseline.Baselines;
import io.flowspect.core.baseline.IndependentPixels;
import io.flowspect.core.baseline.ProbabilisticPca;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.nade.VisibleFamilies;
import io.flowspect.trainer.train.Checkpoint;
import io.flowspect.trainer.train.TrainingJob;
import io.flowspect.trainer.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code evaluate --baselines}: fits three simple densities on the bundle's training images
 * (independent pixels, probabilistic PCA, an FVSBN trained for a few epochs) and measures them on
 * the evaluation's own held-out normal half and anomalous sets, so that the report shows what a
 * density without depth reaches beside the deep model. The FVSBN is a real bundle, trained by the
 * trainer and scored by core's scorer like any other.
 *
 * @param scorer the deep model's scorer: its input contract and compressor are the baselines' too
 * @param data the training images
 * @param limit at most this many training images (0: all)
 * @param fvsbnEpochs epochs of the FVSBN
 * @param seed seed of PPCA's start and the FVSBN's training
 * @param onnx how the FVSBN bundle is scored
 */
record BaselineRun(
    Scorer scorer, Path data, int limit, int fvsbnEpochs, long seed, OnnxOptions onnx) {

  /** PPCA's directions of variation (fewer when the image has fewer sub-pixels). */
  static final int PPCA_COMPONENTS = 64;

  /**
   * The FVSBN's learning rate: a logistic regression per sub-pixel is close to convex, so it takes
   * a larger step and a short warm-up (a few epochs of a few thousand images are a few hundred
   * steps).
   */
  static final float FVSBN_LEARNING_RATE = 3e-3f;

  /** The FVSBN's learning-rate warm-up, steps. */
  static final int FVSBN_WARMUP = 20;

  /** EM iterations of PPCA. */
  static final int PPCA_ITERATIONS = 100;

  /**
   * Fits and measures every baseline.
   *
   * @param normal the held-out normal half
   * @param sets the anomalous sets
   * @param log progress
   * @return one result per baseline
   */
  List<BaselineResult> measure(
      List<ImageRecord> normal, Map<String, List<ImageRecord>> sets, PrintStream log) {
    InputSpec input = scorer.input();
    List<byte[]> train =
        Datasets.load("--baseline-data", data, input, limit).images().stream()
            .map(ImageRecord::chw)
            .toList();
    log.printf(Locale.ROOT, "baselines: fitting on %d images of %s%n", train.size(), data);
    List<BaselineResult> out = new ArrayList<>();
    out.add(measured(IndependentPixels.fit(train, input.dims()), normal, sets));
    int q = Math.min(PPCA_COMPONENTS, input.dims() - 1);
    out.add(
        measured(
            ProbabilisticPca.fit(train, input.dims(), q, PPCA_ITERATIONS, seed), normal, sets));
    Path dir = tempDir();
    try {
      Path bundle = trainFvsbn(dir.resolve("baseline-fvsbn"), log);
      try (Scorer fvsbn = Scorer.open(Bundle.open(bundle), onnx)) {
        out.add(measured(new ScoredDensity(fvsbn, fvsbnEpochs), normal, sets));
      }
    } finally {
      delete(dir);
    }
    return out;
  }

  private BaselineResult measured(
      BaselineDensity density, List<ImageRecord> normal, Map<String, List<ImageRecord>> sets) {
    return Baselines.measure(density, scorer.input(), scorer.compressor(), normal, sets);
  }

  private Path trainFvsbn(Path out, PrintStream log) {
    InputSpec input = scorer.input();
    String likelihood = input.binarizeThreshold() != null ? "bernoulli" : "logistic";
    Architecture architecture =
        Architecture.of(
            VisibleFamilies.FVSBN,
            input,
            Map.of("likelihood", likelihood, Architecture.SEED, seed));
    TrainingOptions options =
        new TrainingOptions(
            fvsbnEpochs,
            64,
            FVSBN_LEARNING_RATE,
            FVSBN_WARMUP,
            50f,
            fvsbnEpochs,
            0.1,
            seed,
            0,
            Duration.ofMinutes(10),
            0,
            Duration.ZERO);
    new TrainingJob(
            architecture,
            new Checkpoint(out.resolveSibling(out.getFileName() + ".ckpt")),
            null,
            new TrainingJob.Sources(data, null, limit, null, null, null, null, 0),
            options,
            out,
            "baseline-fvsbn",
            "1")
        .run(log);
    return out;
  }

  /** The FVSBN bundle's log_px, through core's scorer. */
  private record ScoredDensity(Scorer scorer, int epochs) implements BaselineDensity {
    @Override
    public String id() {
      return "fvsbn";
    }

    @Override
    public String description() {
      return "fully visible sigmoid belief network, a logistic regression per sub-pixel on those"
          + " before it, "
          + epochs
          + " epochs";
    }

    @Override
    public double[] logPx(List<byte[]> images) {
      ScoreTable table = scorer.score(images, Set.of(Score.LOG_PX));
      return table.columns().get(Score.LOG_PX).clone();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("flowspect-baselines");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
