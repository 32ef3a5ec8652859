package io.flowspect.trainer.cli;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.FamilySpec;
import io.flowspect.trainer.model.FamilySpecs;
import io.flowspect.trainer.train.Checkpoint;
import io.flowspect.trainer.train.TrainingJob;
import io.flowspect.trainer.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
      description =
          "a registered family: glow, realnvp, nice, made, maf, pixelcnn, vae, hvae, cvae."
              + " Required, except with --resume and with --patch (line frames), where the default"
              + " is the family and size of the reference frames bundles: glow, hidden 64, 3 levels"
              + " of 4 steps (docs/frames.md)")
  String family;

  /**
   * The family {@code train --patch} uses without {@code --family}: the reference frames bundles'
   * (docs/frames.md), whose exact patch likelihood is also the frames' second evidence channel.
   */
  static final String FRAMES_FAMILY = "glow";

  /** Its settings, those of the reference frames bundles, for the settings not given as flags. */
  static final Map<String, Object> FRAMES_SETTINGS = Map.of("hidden", 64, "levels", 3, "steps", 4);

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

  @Option(
      names = "--patch",
      description =
          "train on random HxW crops of full-resolution frames (--data an MVTec category or a"
              + " folder of frames); the model input is the patch and frames are scored tile by"
              + " tile. Replaces --size")
  String patch;

  @Option(
      names = "--patches-per-frame",
      defaultValue = "64",
      description = "with --patch: random crops per training frame. Default: ${DEFAULT-VALUE}")
  int patchesPerFrame;

  @Option(
      names = "--time-limit",
      defaultValue = "0",
      description =
          "stop training after this many minutes and export the best epoch; the learning rate"
              + " decays over the limit (0: none). Default: ${DEFAULT-VALUE}")
  double timeLimitMinutes;

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
      // the properties only count when the engine starts; in a process where it already runs
      // (tests, tools) set the intra-op pool directly, so that --threads 1 is always bit-for-bit
      // repeatable
      ai.djl.engine.Engine.getEngine("PyTorch");
      ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
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
      boolean framesDefault = family == null && patch != null;
      if (family == null && !framesDefault) {
        throw new IllegalArgumentException(
            "--family is required ("
                + FamilySpecs.ids()
                + "); only frames (--patch) and --resume have a default");
      }
      String chosen = framesDefault ? FRAMES_FAMILY : family;
      FamilySpec spec = FamilySpecs.of(chosen.toLowerCase(Locale.ROOT));
      Map<String, Object> overrides =
          FamilyFlags.settings(command.commandLine().getParseResult(), spec, System.err);
      if (framesDefault) {
        FRAMES_SETTINGS.forEach(overrides::putIfAbsent);
        command
            .commandLine()
            .getErr()
            .println(
                "no --family: training "
                    + FRAMES_FAMILY
                    + " with "
                    + new TreeMap<>(overrides)
                    + ", the family and size of the reference frames bundles");
      }
      overrides.put(Architecture.SEED, seed);
      Architecture asked = Architecture.of(spec.family(), inputSpec(), overrides);
      architecture =
          new Architecture(
              asked.family(), spec.input(asked.input(), asked.settings()), asked.settings());
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
            stepLimit,
            Duration.ofSeconds(Math.round(timeLimitMinutes * 60)));
    TrainingJob job =
        new TrainingJob(
            architecture,
            checkpoint,
            state,
            new TrainingJob.Sources(
                data,
                test,
                limit,
                labels,
                testLabels,
                classNames,
                conditionName,
                patch == null ? 0 : patchesPerFrame),
            options,
            out,
            id != null ? id : out.getFileName().toString(),
            version);
    Map<String, Double> metrics = job.run(System.err);
    System.out.printf(Locale.ROOT, "wrote %s: %s%n", out, metrics);
    return 0;
  }

  private InputSpec inputSpec() {
    String flag = patch != null ? "--patch" : "--size";
    String value = patch != null ? patch : size;
    String[] hw = value.toLowerCase(Locale.ROOT).split("x");
    if (hw.length != 2) {
      throw new IllegalArgumentException(flag + " must be HxW such as 28x28, found " + value);
    }
    if (patch != null && patchesPerFrame < 1) {
      throw new IllegalArgumentException(
          "--patches-per-frame must be at least 1, found " + patchesPerFrame);
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
}
