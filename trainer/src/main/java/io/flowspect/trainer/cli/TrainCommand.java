package io.flowspect.trainer.cli;

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
import io.flowspect.core.image.ResizeMode;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.FamilySpec;
import io.flowspect.trainer.model.FamilySpecs;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import io.flowspect.trainer.train.Adam;
import io.flowspect.trainer.train.Checkpoint;
import io.flowspect.trainer.train.Evaluator;
import io.flowspect.trainer.train.LatentEvaluator;
import io.flowspect.trainer.train.TrainingOptions;
import io.flowspect.trainer.train.TrainingRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flowspect train}: learns the distribution of good images and writes a bundle. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    modelTransformer = FamilyFlags.class,
    description = "Train a model on good images (IDX file or image folder) and export a bundle.")
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--family",
      required = true,
      description =
          "a registered family: glow, realnvp, nice, made, maf, pixelcnn, vae, hvae, cvae")
  String family;

  @Option(
      names = "--data",
      required = true,
      description = "IDX images (gzipped or not) or a folder of PNG/JPEG/BMP")
  Path data;

  @Option(
      names = "--out",
      required = true,
      description = "bundle folder to write, e.g. models/fmnist-glow")
  Path out;

  @Option(
      names = "--test",
      description = "held-out test images; their bits/dim go into the manifest")
  Path test;

  @Option(names = "--epochs", defaultValue = "10")
  int epochs;

  @Option(names = "--batch", defaultValue = "64")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3")
  float learningRate;

  @Option(names = "--warmup", defaultValue = "200", description = "learning-rate warm-up steps")
  int warmup;

  @Option(names = "--clip", defaultValue = "50", description = "global gradient-norm clip")
  float clip;

  @Option(
      names = "--patience",
      defaultValue = "3",
      description = "early stopping patience in epochs")
  int patience;

  @Option(
      names = "--validation",
      defaultValue = "0.1",
      description = "held-out validation fraction")
  double validation;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads (0: all cores)")
  int threads;

  @Option(
      names = "--checkpoint-minutes",
      defaultValue = "10",
      description = "also checkpoint inside an epoch this often (0: only at epoch ends)")
  double checkpointMinutes;

  @Option(
      names = "--step-limit",
      defaultValue = "0",
      description =
          "stop after this many steps (with a checkpoint) to split a long run; continue with"
              + " --resume")
  long stepLimit;

  @Option(names = "--resume", description = "continue from the checkpoint next to --out")
  boolean resume;

  @Option(
      names = "--background-mutation",
      defaultValue = "0",
      description = "train a background model: fraction of pixels replaced by noise")
  double backgroundMutation;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "use at most this many images (0: all)")
  int limit;

  @Option(names = "--size", defaultValue = "28x28", description = "model input HxW")
  String size;

  @Option(names = "--channels", defaultValue = "1", description = "1 (grayscale) or 3 (RGB)")
  int channels;

  @Option(names = "--resize", defaultValue = "resize", description = "resize or center_crop")
  String resize;

  @Option(names = "--id", description = "bundle id (default: the --out folder name)")
  String id;

  @Option(names = "--model-version", defaultValue = "1")
  String version;

  @Option(
      names = "--labels",
      description =
          "cvae: IDX1 labels of --data (gzipped or not, one per image); a folder's images take"
              + " the name of their immediate sub-folder as label")
  Path labels;

  @Option(names = "--test-labels", description = "cvae: IDX1 labels of --test")
  Path testLabels;

  @Option(
      names = "--class-names",
      split = ",",
      description =
          "cvae with IDX labels: the name of each label value, in order (default: 0, 1, ...)")
  List<String> classNames;

  @Option(
      names = "--condition-name",
      defaultValue = "label",
      description = "cvae: what the labels are (product type, line...), recorded in the manifest")
  String conditionName;

  @Spec CommandSpec command;

  @Override
  public Integer call() {
    if (threads > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Checkpoint checkpoint = new Checkpoint(out.resolveSibling(out.getFileName() + ".ckpt"));
    Architecture architecture;
    Checkpoint.State state = null;
    if (resume) {
      if (!checkpoint.exists()) {
        throw new IllegalArgumentException("--resume: no checkpoint in " + checkpoint.dir());
      }
      state = checkpoint.readState();
      architecture =
          new Architecture(Family.parse(state.family()), state.input(), state.architecture());
      System.err.printf(
          Locale.ROOT,
          "resuming %s after epoch %d%s (best validation %.4f bits/dim)%n",
          checkpoint.dir(),
          state.epochsDone(),
          state.partial().steps() > 0 ? " and " + state.partial().steps() + " steps" : "",
          state.bestValidationBpd());
    } else {
      FamilySpec spec = FamilySpecs.of(family.toLowerCase(Locale.ROOT));
      Map<String, Object> overrides =
          FamilyFlags.settings(command.commandLine().getParseResult(), spec, System.err);
      overrides.put(Architecture.SEED, seed);
      Architecture asked = Architecture.of(spec.family(), inputSpec(), overrides);
      architecture =
          new Architecture(
              asked.family(), spec.input(asked.input(), asked.settings()), asked.settings());
    }
    InputSpec input = architecture.input();
    boolean conditional = architecture.family().isConditional();
    if (!conditional && (labels != null || testLabels != null || classNames != null)) {
      throw new IllegalArgumentException(
          "--labels, --test-labels and --class-names apply to --family cvae, not "
              + architecture.family().id());
    }

    LoadedImages loaded = ImageDatasets.load(data, input, ImageLimits.defaults(), limit);
    report("training data", data, loaded);
    if (conditional) {
      DatasetLabels.Labelled labelled = DatasetLabels.of(loaded, data, labels, classNames);
      loaded = labelled.images();
      Condition condition = new Condition(conditionName, labelled.classes());
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
      System.err.printf(
          Locale.ROOT,
          "condition %s: %d classes %s%n",
          condition.name(),
          condition.size(),
          condition.classes());
    }
    GenerativeNetwork model = architecture.build();
    Split split = DataSplit.split(loaded.images(), validation, seed);
    List<ImageRecord> testImages = null;
    if (test != null) {
      LoadedImages t = ImageDatasets.load(test, input, ImageLimits.defaults(), 0);
      report("test data", test, t);
      if (conditional) {
        t = DatasetLabels.of(t, test, testLabels, architecture.condition().classes()).images();
      }
      testImages = t.images();
    }
    TrainingOptions options =
        new TrainingOptions(
            epochs,
            batch,
            learningRate,
            warmup,
            clip,
            patience,
            validation,
            seed,
            backgroundMutation,
            Duration.ofSeconds(Math.round(checkpointMinutes * 60)),
            stepLimit);

    try (ParamStore params = ParamStore.initialise(model.parameters(), architecture.seed())) {
      System.err.printf(
          Locale.ROOT,
          "%s: %,d parameters, %d training and %d validation images%n",
          model.family().id(),
          params.parameterCount(),
          split.train().size(),
          split.validation().size());
      Adam adam = new Adam(params);
      if (state != null) {
        checkpoint.restore(params, adam);
      } else {
        state = Checkpoint.State.fresh(model.family().id(), input, architecture.settings());
      }
      TrainingRun run = new TrainingRun(model, options, checkpoint, System.err);
      state = run.train(params, adam, state, split.train(), split.validation());

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
        latentMetrics(metrics, latentModel, params, "train", trainBoundSample);
        latentMetrics(metrics, latentModel, params, "validation", validationSample);
        boundImages.put("train", trainBoundSample.size());
        boundImages.put("validation", validationSample.size());
        if (testImages != null) {
          latentMetrics(metrics, latentModel, params, "test", testImages);
          boundImages.put("test", testImages.size());
        }
      } else {
        metrics.put(
            BundleContract.Metric.TRAIN_BPD,
            Evaluator.meanBitsPerDim(model, params, trainSample, 200));
        metrics.put(
            BundleContract.Metric.VALIDATION_BPD,
            Evaluator.meanBitsPerDim(model, params, split.validation(), 200));
        if (testImages != null) {
          metrics.put(
              BundleContract.Metric.TEST_BPD,
              Evaluator.meanBitsPerDim(model, params, testImages, 200));
        }
      }
      Map<String, Object> training = new LinkedHashMap<>();
      training.put("data", data.toString());
      training.put("images", loaded.images().size());
      training.put("skipped", loaded.skipped().size());
      training.put("epochs", state.epochsDone());
      training.put("best_epoch", state.bestEpoch());
      training.put("batch", batch);
      training.put("learning_rate", learningRate);
      training.put("seed", seed);
      training.put("background_mutation", backgroundMutation);
      training.put("wall_seconds", Math.round(state.trainingSeconds()));
      training.put(
          "images_per_second", state.imagesSeen() / Math.max(1e-9, state.trainingSeconds()));
      training.put("history", state.history());
      if (!boundImages.isEmpty()) {
        training.put("bound_images", boundImages);
        training.put("bound_samples", ((LatentNetwork) model).importanceSamples());
      }
      String bundleId = id != null ? id : out.getFileName().toString();
      BundleExporter.export(
          model,
          params,
          out,
          new BundleExporter.Details(
              bundleId, version, DataFingerprint.of(loaded.images()), metrics, training));
      System.out.printf(Locale.ROOT, "wrote %s: %s%n", out, metrics);
    }
    return 0;
  }

  /**
   * A latent model's bounds on a set, in bits/dim, with the K and noise the scorer uses: {@code
   * SET_bpd} and {@code SET_iwae_bpd} (the IWAE bound, what the scorer's bpd is) and {@code
   * SET_elbo_bpd}.
   */
  private static void latentMetrics(
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
    System.err.printf(
        Locale.ROOT,
        "%s: IWAE (K = %d) %.4f bits/dim, ELBO %.4f bits/dim, %d images in %.0f s%n",
        set,
        model.importanceSamples(),
        iwae,
        metrics.get(set + "_elbo_bpd"),
        images.size(),
        (System.nanoTime() - started) / 1e9);
  }

  private InputSpec inputSpec() {
    String[] hw = size.toLowerCase(Locale.ROOT).split("x");
    if (hw.length != 2) {
      throw new IllegalArgumentException("--size must be HxW such as 28x28, found " + size);
    }
    ResizeMode mode =
        switch (resize.toLowerCase(Locale.ROOT)) {
          case "resize" -> ResizeMode.RESIZE;
          case "center_crop", "center-crop" -> ResizeMode.CENTER_CROP;
          default ->
              throw new IllegalArgumentException(
                  "--resize must be resize or center_crop, found " + resize);
        };
    return new InputSpec(
        channels, Integer.parseInt(hw[0].trim()), Integer.parseInt(hw[1].trim()), mode);
  }

  private static void report(String what, Path path, LoadedImages loaded) {
    System.err.printf(Locale.ROOT, "%s: %d images from %s", what, loaded.images().size(), path);
    if (!loaded.skipped().isEmpty()) {
      System.err.printf(Locale.ROOT, ", %d skipped:%n", loaded.skipped().size());
      loaded.skipped().stream()
          .limit(20)
          .forEach(s -> System.err.println("  " + s.id() + ": " + s.reason()));
      if (loaded.skipped().size() > 20) {
        System.err.println("  ...");
      }
    } else {
      System.err.println();
    }
  }
}
