package io.flowspect.trainer.train;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.data.DataFingerprint;
import io.flowspect.core.data.DataSplit;
import io.flowspect.core.data.DatasetLabels;
import io.flowspect.core.data.ImageDatasets;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.data.LoadedImages;
import io.flowspect.core.data.Split;
import io.flowspect.core.image.ImageLimits;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.core.signal.SignalCoding;
import io.flowspect.core.tile.FramePatches;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.DistilledNetwork;
import io.flowspect.trainer.model.FittedNetwork;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run from data to bundle: load (and label) the images, split them, train with
 * checkpoints, measure bits/dim (a latent model's bounds) on the splits, export the bundle. What
 * {@code flowspect train} hands over once it has parsed its flags; tests and tools can run it the
 * same way.
 *
 * @param architecture the family, input and settings (from the flags, or the checkpoint when
 *     resuming)
 * @param checkpoint where the run checkpoints, next to the bundle folder
 * @param resumed the checkpoint's state when resuming, else null
 * @param sources the images and their labels
 * @param options the optimisation and stopping settings
 * @param out the bundle folder to write
 * @param bundleId the bundle id for the manifest
 * @param version the bundle version for the manifest
 */
public record TrainingJob(
    Architecture architecture,
    Checkpoint checkpoint,
    Checkpoint.State resumed,
    TrainingJob.Sources sources,
    TrainingOptions options,
    Path out,
    String bundleId,
    String version) {

  /**
   * Where the images come from.
   *
   * @param data training images: IDX (gzipped or not) or a folder of PNG/JPEG/BMP
   * @param test held-out test images, or null
   * @param limit at most this many training images (0: all)
   * @param labels cvae: IDX1 labels of {@code data}, or null (a folder's sub-folders name them)
   * @param testLabels cvae: IDX1 labels of {@code test}, or null
   * @param classNames cvae with IDX labels: the name of each label value, or null for 0, 1, ...
   * @param conditionName cvae: what the labels are, recorded in the manifest
   * @param patchesPerFrame above 0: {@code data} holds full-resolution frames (an MVTec category or
   *     a folder) and the model trains on this many random crops of each, in its input size; 0:
   *     every image is resized to the input
   */
  public record Sources(
      Path data,
      Path test,
      int limit,
      Path labels,
      Path testLabels,
      List<String> classNames,
      String conditionName,
      int patchesPerFrame) {}

  /**
   * Trains and exports.
   *
   * @param log where progress, per-epoch lines and warnings go
   * @return the bundle's metrics, bits/dim per split
   * @throws IllegalArgumentException for labels given to an unconditional family, or labels that do
   *     not match the checkpoint's condition
   */
  public Map<String, Double> run(PrintStream log) {
    Architecture architecture = this.architecture;
    Checkpoint.State state = resumed;
    InputSpec input = architecture.input();
    boolean conditional = architecture.family().isConditional();
    if (!conditional
        && (sources.labels() != null
            || sources.testLabels() != null
            || sources.classNames() != null)) {
      throw new IllegalArgumentException(
          "--labels, --test-labels and --class-names apply to --family cvae, not "
              + architecture.family().id());
    }

    FramePatches patches = null;
    LoadedImages loaded;
    if (sources.patchesPerFrame() > 0) {
      if (conditional) {
        throw new IllegalArgumentException(
            "--patch trains on frames without classes; --family "
                + architecture.family().id()
                + " needs labels");
      }
      patches =
          FramePatches.sample(
              sources.data(),
              input,
              sources.patchesPerFrame(),
              options.validationFraction(),
              options.seed());
      List<ImageRecord> all = new ArrayList<>(patches.train());
      all.addAll(patches.validation());
      loaded = new LoadedImages(all, patches.skipped());
      log.printf(
          Locale.ROOT,
          "training frames: %d in %s (%s), %d held out; %d patches of %d x %d to train on (%d"
              + " per frame%s), %d tiles of the held-out frames to validate on%n",
          patches.train().size() / sources.patchesPerFrame() + patches.heldOutFrames().size(),
          patches.frameDir(),
          String.join(", ", patches.frameSizes()),
          patches.heldOutFrames().size(),
          patches.train().size(),
          input.width(),
          input.height(),
          sources.patchesPerFrame(),
          patches.augmentations().isEmpty()
              ? ""
              : ", augmented by " + String.join(" and ", patches.augmentations()),
          patches.validation().size());
    } else {
      loaded = ImageDatasets.load(sources.data(), input, ImageLimits.defaults(), sources.limit());
      report(log, "training data", sources.data(), loaded);
    }
    if (conditional) {
      DatasetLabels.Labelled labelled =
          DatasetLabels.of(loaded, sources.data(), sources.labels(), sources.classNames());
      loaded = labelled.images();
      Condition condition = new Condition(sources.conditionName(), labelled.classes());
      Condition recorded = architecture.condition();
      if (recorded != null && !recorded.equals(condition)) {
        throw new IllegalArgumentException(
            "--resume: the labels give the condition "
                + condition
                + ", the checkpoint was trained with "
                + recorded);
      }
      Map<String, Object> settings = new LinkedHashMap<>(architecture.settings());
      settings.put(Architecture.CONDITION, Architecture.conditionSetting(condition));
      architecture = new Architecture(architecture.family(), input, settings);
      log.printf(
          Locale.ROOT,
          "condition %s: %d classes %s%n",
          condition.name(),
          condition.size(),
          condition.classes());
    }
    GenerativeNetwork model = architecture.build();
    Split split =
        patches != null
            ? new Split(patches.train(), patches.validation())
            : DataSplit.split(loaded.images(), options.validationFraction(), options.seed());
    List<ImageRecord> testImages = null;
    if (sources.test() != null) {
      LoadedImages t = ImageDatasets.load(sources.test(), input, ImageLimits.defaults(), 0);
      report(log, "test data", sources.test(), t);
      if (conditional) {
        t =
            DatasetLabels.of(
                    t, sources.test(), sources.testLabels(), architecture.condition().classes())
                .images();
      }
      testImages = t.images();
    }

    try (ParamStore params = ParamStore.initialise(model.parameters(), architecture.seed())) {
      log.printf(
          Locale.ROOT,
          "%s: %,d parameters, %d training and %d validation images%n",
          model.family().id(),
          params.parameterCount(),
          split.train().size(),
          split.validation().size());
      Outcome outcome = new Outcome(split, testImages, loaded, patches, log);
      if (model instanceof FittedNetwork fitted) {
        FittedNetwork.Fit fit =
            fitted.fit(
                params,
                split.train(),
                split.validation(),
                options.seed(),
                options.timeLimit(),
                log);
        Map<String, Object> settings = new LinkedHashMap<>(architecture.settings());
        settings.putAll(fit.settings());
        Architecture kept = new Architecture(architecture.family(), input, settings);
        GenerativeNetwork keptModel = kept.build();
        try (ParamStore keptParams = ParamStore.frozen(keptModel.parameters(), params::values)) {
          return outcome.export(keptModel, keptParams, fittedState(kept, fit, split));
        }
      }
      if (model instanceof DistilledNetwork student) {
        if (state == null) {
          student.loadTeacher(params, split.train());
        }
        params.freeze(student.teacherParameters());
      }
      Adam adam = new Adam(params);
      if (state != null) {
        checkpoint.restore(params, adam);
      } else {
        state = Checkpoint.State.fresh(model.family().id(), input, architecture.settings());
      }
      TrainingRun run = new TrainingRun(model, options, checkpoint, log);
      state = run.train(params, adam, state, split.train(), split.validation());
      return outcome.export(model, params, state);
    }
  }

  /** A fitted network's progress as a training state: one history record per fitted stage. */
  private static Checkpoint.State fittedState(
      Architecture kept, FittedNetwork.Fit fit, Split split) {
    List<Checkpoint.EpochRecord> history = new ArrayList<>();
    for (FittedNetwork.Stage s : fit.stages()) {
      history.add(
          new Checkpoint.EpochRecord(
              s.stage(),
              s.trainBpd(),
              s.validationBpd(),
              s.seconds(),
              split.train().size() / Math.max(1e-9, s.seconds())));
    }
    double best =
        fit.keptStages() == 0
            ? Double.POSITIVE_INFINITY
            : fit.stages().get(fit.keptStages() - 1).validationBpd();
    return new Checkpoint.State(
        kept.family().id(),
        kept.input(),
        kept.settings(),
        fit.stages().size(),
        0,
        best,
        fit.keptStages(),
        fit.stages().size() - fit.keptStages(),
        fit.seconds(),
        (long) split.train().size() * fit.stages().size(),
        List.copyOf(history),
        Checkpoint.PartialEpoch.NONE);
  }

  /** What every run ends with: bits/dim on the splits, then the bundle. */
  private final class Outcome {
    private final Split split;
    private final List<ImageRecord> testImages;
    private final LoadedImages loaded;
    private final FramePatches patches;
    private final PrintStream log;

    Outcome(
        Split split,
        List<ImageRecord> testImages,
        LoadedImages loaded,
        FramePatches patches,
        PrintStream log) {
      this.split = split;
      this.testImages = testImages;
      this.loaded = loaded;
      this.patches = patches;
      this.log = log;
    }

    Map<String, Double> export(GenerativeNetwork model, ParamStore params, Checkpoint.State state) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      List<ImageRecord> trainSample =
          split.train().subList(0, Math.min(5000, split.train().size()));
      Map<String, Object> boundImages = new LinkedHashMap<>();
      if (model instanceof LatentNetwork latentModel) {
        // K samples per image cost K decoder passes: bounds on subsets of the training and
        // validation splits (their means are what matters), on the whole test set.
        List<ImageRecord> validationSample =
            split.validation().subList(0, Math.min(2000, split.validation().size()));
        List<ImageRecord> trainBoundSample =
            trainSample.subList(0, Math.min(1000, trainSample.size()));
        latentMetrics(log, metrics, latentModel, params, "train", trainBoundSample);
        latentMetrics(log, metrics, latentModel, params, "validation", validationSample);
        boundImages.put("train", trainBoundSample.size());
        boundImages.put("validation", validationSample.size());
        if (testImages != null) {
          latentMetrics(log, metrics, latentModel, params, "test", testImages);
          boundImages.put("test", testImages.size());
        }
      } else {
        metrics.put(
            BundleContract.Metric.TRAIN_BPD,
            Evaluator.meanBitsPerDim(model, params, trainSample, model.evaluationBatch()));
        metrics.put(
            BundleContract.Metric.VALIDATION_BPD,
            Evaluator.meanBitsPerDim(model, params, split.validation(), model.evaluationBatch()));
        if (testImages != null) {
          metrics.put(
              BundleContract.Metric.TEST_BPD,
              Evaluator.meanBitsPerDim(model, params, testImages, model.evaluationBatch()));
        }
      }
      Map<String, Object> training = new LinkedHashMap<>();
      training.put("data", sources.data().toString());
      training.put("images", loaded.images().size());
      training.put("skipped", loaded.skipped().size());
      training.put("epochs", state.epochsDone());
      training.put("best_epoch", state.bestEpoch());
      training.put("batch", options.batch());
      training.put("learning_rate", options.learningRate());
      training.put("seed", options.seed());
      training.put("background_mutation", options.backgroundMutation());
      training.put("wall_seconds", Math.round(state.trainingSeconds()));
      training.put(
          "images_per_second", state.imagesSeen() / Math.max(1e-9, state.trainingSeconds()));
      training.put("history", state.history());
      if (patches != null) {
        training.put(BundleContract.Training.FRAMES, frames(patches, model.input(), sources));
      }
      // Windows of a sensor declare their coding beside their files; the scorer codes recordings
      // with it, so a recording is read as the windows the model learnt.
      SignalCoding.beside(sources.data())
          .ifPresent(c -> training.put(BundleContract.Training.SIGNAL, c.toMap()));
      if (!boundImages.isEmpty()) {
        training.put("bound_images", boundImages);
        training.put("bound_samples", ((LatentNetwork) model).importanceSamples());
      }
      BundleExporter.export(
          model,
          params,
          out,
          new BundleExporter.Details(
              bundleId, version, DataFingerprint.of(loaded.images()), metrics, training));
      return metrics;
    }
  }

  /**
   * A latent model's bounds on a set, in bits/dim, with the K and noise the scorer uses: {@code
   * SET_bpd} and {@code SET_iwae_bpd} (the IWAE bound, what the scorer's bpd is) and {@code
   * SET_elbo_bpd}.
   */
  private static void latentMetrics(
      PrintStream log,
      Map<String, Double> metrics,
      LatentNetwork model,
      ParamStore params,
      String set,
      List<ImageRecord> images) {
    long started = System.nanoTime();
    ImportanceSampling.Bounds b =
        LatentEvaluator.bounds(
            model, params, images, model.importanceSamples(), ImportanceSampling.DEFAULT_SEED);
    double iwae = LatentEvaluator.meanBitsPerDim(b.iwae(), model.dims());
    metrics.put(set + "_bpd", iwae);
    metrics.put(set + "_iwae_bpd", iwae);
    metrics.put(set + "_elbo_bpd", LatentEvaluator.meanBitsPerDim(b.elbo(), model.dims()));
    log.printf(
        Locale.ROOT,
        "%s: IWAE (K = %d) %.4f bits/dim, ELBO %.4f bits/dim, %d images in %.0f s%n",
        set,
        model.importanceSamples(),
        iwae,
        metrics.get(set + "_elbo_bpd"),
        images.size(),
        (System.nanoTime() - started) / 1e9);
  }

  /** What a model trained on patches records about its frames, for calibrate and score. */
  private static Map<String, Object> frames(
      FramePatches patches, InputSpec input, Sources sources) {
    Map<String, Object> frames = new LinkedHashMap<>();
    frames.put(BundleContract.Training.FRAME_DIR, patches.frameDir().toString());
    frames.put(BundleContract.Training.PATCH, List.of(input.height(), input.width()));
    frames.put(BundleContract.Training.STRIDE, List.of(input.height(), input.width()));
    frames.put(BundleContract.Training.PATCHES_PER_FRAME, sources.patchesPerFrame());
    frames.put(BundleContract.Training.FRAME_SIZES, patches.frameSizes());
    frames.put(BundleContract.Training.AUGMENTATIONS, List.copyOf(patches.augmentations()));
    frames.put(BundleContract.Training.HELD_OUT_FRAMES, patches.heldOutFrames());
    return frames;
  }

  private static void report(PrintStream log, String what, Path path, LoadedImages loaded) {
    log.printf(Locale.ROOT, "%s: %d images from %s", what, loaded.images().size(), path);
    if (!loaded.skipped().isEmpty()) {
      log.printf(Locale.ROOT, ", %d skipped:%n", loaded.skipped().size());
      loaded.skipped().stream()
          .limit(20)
          .forEach(s -> log.println("  " + s.id() + ": " + s.reason()));
      if (loaded.skipped().size() > 20) {
        log.println("  ...");
      }
    } else {
      log.println();
    }
  }
}
