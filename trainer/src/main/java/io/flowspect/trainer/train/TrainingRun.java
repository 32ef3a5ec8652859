package io.flowspect.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.NativeConvolutionCheck;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.ConditionalLatentNetwork;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DistilledNetwork;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The training loop: maximum likelihood with Adam, validation bits/dim after every epoch, a
 * checkpoint every epoch, early stopping, and resumption from a checkpoint.
 *
 * <p>The loss is the mean negative log-likelihood in bits/dim, with uniform dequantisation noise
 * for the continuous families; latent-variable models minimise their own objective ({@link
 * LatentNetwork#trainingLoss}: the negative ELBO with KL warm-up and free bits) and report the
 * plain negative ELBO, on validation too. The caller owns the {@link ParamStore}; at the end it
 * holds the best validation weights.
 */
public final class TrainingRun {

  private static final int INIT_BATCH = 256;

  /** Images of the forward pass that checks convolution shapes: the batch is not in the key. */
  private static final int SHAPE_CHECK_BATCH = 8;

  private final GenerativeNetwork model;
  private final TrainingOptions options;
  private final Checkpoint checkpoint;
  private final PrintStream log;

  /** Steps whose loss or gradients were not finite, so that no update was made. */
  private long skippedSteps;

  /** When this invocation started training, {@link System#nanoTime()}. */
  private long startedNanos;

  public TrainingRun(
      GenerativeNetwork model, TrainingOptions options, Checkpoint checkpoint, PrintStream log) {
    this.model = model;
    this.options = options;
    this.checkpoint = checkpoint;
    this.log = log;
  }

  /**
   * Trains from {@code state} (a fresh one, or read from the checkpoint with {@code params} and
   * {@code adam} restored) until the epoch budget or early stopping, then loads the best weights.
   */
  public Checkpoint.State train(
      ParamStore params,
      Adam adam,
      Checkpoint.State state,
      List<ImageRecord> train,
      List<ImageRecord> validation) {
    int batch = Math.min(options.batch(), train.size());
    long stepsPerEpoch = train.size() / batch;
    long totalSteps = stepsPerEpoch * options.epochs();
    List<Checkpoint.EpochRecord> history = new ArrayList<>(state.history());
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlOps ops = new DjlOps(params, manager);
      if (!NativeConvolutionCheck.nativeBackwardIsSound()) {
        ops.setConvolution(DjlOps.Convolution.CHECKED);
        log.println(
            "libtorch's convolution backward gives wrong input gradients on this CPU for some"
                + " shapes (checked against an unfolded convolution): training checks each shape"
                + " once and uses the unfolded convolution (slower, right) where libtorch is"
                + " wrong");
      }
      if (state.globalStep() == 0 && state.epochsDone() == 0) {
        initialise(ops, train, options.seed());
      }
      if (ops.convolution() == DjlOps.Convolution.CHECKED) {
        checkConvolutionShapes(ops, train, options.seed());
      }
      long stepsThisRun = 0;
      long lastCheckpoint = System.nanoTime();
      startedNanos = System.nanoTime();
      boolean timeUp = false;
      for (int epoch = state.epochsDone(); epoch < options.epochs(); epoch++) {
        if (state.epochsWithoutImprovement() >= options.patience()) {
          log.printf(
              Locale.ROOT,
              "early stop: no better validation bits/dim for %d epochs%n",
              options.patience());
          break;
        }
        int[] order =
            Batches.shuffled(train.size(), new SplittableRandom(options.seed() * 31 + epoch));
        Checkpoint.PartialEpoch partial = state.partial();
        long first = partial.steps();
        Progress progress =
            Progress.console(
                first == 0
                    ? String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, options.epochs())
                    : String.format(
                        Locale.ROOT,
                        "epoch %d/%d from step %d",
                        epoch + 1,
                        options.epochs(),
                        first),
                stepsPerEpoch - first);
        long started = System.nanoTime();
        long skippedBefore = skippedSteps;
        double lossSum = partial.lossSum();
        long lossCount = partial.lossCount();
        long step = state.globalStep();
        long stepsDone = stepsPerEpoch;
        for (long b = first; b < stepsPerEpoch; b++) {
          if (timeSpent() >= 1) {
            timeUp = true;
            stepsDone = b;
            break;
          }
          float loss = step(ops, adam, train, order, batch, epoch, b, step, totalSteps);
          step++;
          stepsThisRun++;
          if (Float.isFinite(loss)) {
            lossSum += loss;
            lossCount++;
          }
          progress.update(
              b + 1 - first,
              String.format(Locale.ROOT, "bpd %.4f", lossSum / Math.max(1, lossCount)));
          boolean limitReached = options.stepLimit() > 0 && stepsThisRun >= options.stepLimit();
          boolean due =
              !options.checkpointInterval().isZero()
                  && System.nanoTime() - lastCheckpoint >= options.checkpointInterval().toNanos();
          if (b + 1 < stepsPerEpoch && (limitReached || due)) {
            double seconds = partial.seconds() + (System.nanoTime() - started) / 1e9;
            state =
                withPartial(
                    state, step, new Checkpoint.PartialEpoch(b + 1, lossSum, lossCount, seconds));
            checkpoint.save(state, params, adam, false);
            lastCheckpoint = System.nanoTime();
            if (limitReached) {
              progress.finish();
              log.printf(
                  Locale.ROOT,
                  "step limit: stopped after %d steps in epoch %d at step %d of %d; continue with"
                      + " --resume%n",
                  stepsThisRun,
                  epoch + 1,
                  b + 1,
                  stepsPerEpoch);
              checkpoint.restoreBest(params);
              return state;
            }
          }
        }
        progress.finish();
        if (timeUp && stepsDone == first) {
          log.printf(
              Locale.ROOT,
              "time limit: stopped after %.1f minutes at the start of epoch %d%n",
              (System.nanoTime() - startedNanos) / 6e10,
              epoch + 1);
          break;
        }
        double seconds = partial.seconds() + (System.nanoTime() - started) / 1e9;
        double trainBpd = lossSum / Math.max(1, lossCount);
        double validationBpd = Evaluator.validationObjective(model, params, validation);
        boolean best = validationBpd < state.bestValidationBpd();
        double imagesPerSecond = (stepsDone - first) * batch / seconds;
        history.add(
            new Checkpoint.EpochRecord(
                epoch + 1, trainBpd, validationBpd, seconds, imagesPerSecond));
        state =
            new Checkpoint.State(
                state.family(),
                state.input(),
                state.architecture(),
                epoch + 1,
                step,
                best ? validationBpd : state.bestValidationBpd(),
                best ? epoch + 1 : state.bestEpoch(),
                best ? 0 : state.epochsWithoutImprovement() + 1,
                state.trainingSeconds() + seconds,
                state.imagesSeen() + (stepsDone - first) * batch,
                List.copyOf(history),
                Checkpoint.PartialEpoch.NONE);
        checkpoint.save(state, params, adam, best);
        lastCheckpoint = System.nanoTime();
        log.printf(
            Locale.ROOT,
            "epoch %d: train %.4f bits/dim, validation %.4f bits/dim%s, %.0f images/s, %.0f s%s%n",
            epoch + 1,
            trainBpd,
            validationBpd,
            best ? " (best)" : "",
            imagesPerSecond,
            seconds,
            skippedSteps == skippedBefore
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", %d of %d steps skipped (non-finite loss or gradients)",
                    skippedSteps - skippedBefore,
                    stepsPerEpoch - first));
        if (options.stepLimit() > 0 && stepsThisRun >= options.stepLimit()) {
          log.printf(Locale.ROOT, "step limit: stopped after %d steps%n", stepsThisRun);
          break;
        }
        if (timeUp) {
          log.printf(
              Locale.ROOT,
              "time limit: stopped after %.1f minutes, %d steps into epoch %d; exporting the best"
                  + " epoch (%d)%n",
              (System.nanoTime() - startedNanos) / 6e10,
              stepsDone,
              epoch + 1,
              state.bestEpoch());
          break;
        }
      }
    }
    checkpoint.restoreBest(params);
    return state;
  }

  /**
   * One optimisation step on batch {@code b} of an epoch. Its randomness (dequantisation noise,
   * background mutation) comes from a stream of its own, so a run resumed in the middle of an epoch
   * sees exactly the batches an uninterrupted run would.
   */
  private float step(
      DjlOps ops,
      Adam adam,
      List<ImageRecord> train,
      int[] order,
      int batch,
      int epoch,
      long b,
      long step,
      long totalSteps) {
    int d = model.dims();
    SplittableRandom random =
        new SplittableRandom(options.seed() * 1_000_003L + epoch * 100_003L + b);
    float[] x = Batches.pixels(train, order, (int) (b * batch), (int) ((b + 1) * batch));
    Batches.mutate(x, options.backgroundMutation(), random);
    if (model instanceof LatentNetwork latent) {
      if (options.backgroundMutation() > 0) {
        Batches.binarize(x, model.input());
      }
      float[] c =
          Batches.oneHot(
              train,
              order,
              (int) (b * batch),
              (int) ((b + 1) * batch),
              ConditionalLatentNetwork.conditionOf(latent));
      return latentStep(ops, adam, latent, x, c, batch, random, step, totalSteps);
    }
    if (model instanceof DistilledNetwork student) {
      float[] z = Batches.gaussian(x.length, random);
      return descend(
          ops, adam, step, totalSteps, manager -> distillation(ops, manager, student, z));
    }
    float[] noise = Batches.uniform(x.length, random);
    return descend(
        ops, adam, step, totalSteps, manager -> bitsPerDim(ops, manager, x, noise, batch, d));
  }

  /**
   * A density model's objective: the batch's mean bits/dim under the dequantisation noise, both
   * minimised and reported.
   */
  private Objective bitsPerDim(
      DjlOps ops, NDManager manager, float[] x, float[] noise, int batch, int d) {
    NDArray input = manager.create(x, new Shape(batch, d));
    NDArray u = manager.create(noise, new Shape(batch, d));
    NDArray logPx = ((DensityNetwork) model).logDensity(ops, input, u).logPx();
    NDArray bpd = logPx.mean().neg().div((float) (d * Math.log(2)));
    return new Objective(bpd, bpd);
  }

  /**
   * A distilled student's objective: the mean of log q - log p_teacher over its samples from this
   * step's noise, in bits/dim (an estimate of KL(student || teacher) per sub-pixel).
   */
  private Objective distillation(
      DjlOps ops, NDManager manager, DistilledNetwork student, float[] z) {
    int d = student.dims();
    NDArray noise = manager.create(z, new Shape(z.length / d, d));
    NDArray gap = student.distillationGap(ops, noise).mean().div((float) (d * Math.log(2)));
    return new Objective(gap, gap);
  }

  /** What one forward pass gives: the scalar to minimise and the figure to report. */
  private record Objective(NDArray minimised, NDArray reported) {}

  /**
   * One gradient step on the objective {@code forward} builds (inside the step's gradient collector
   * and array scope). Returns the reported figure, or NaN when the objective is not finite (no
   * update then).
   *
   * <p>A finite objective whose gradients are not finite under the native convolution is most
   * likely libtorch's convolution backward failing on this CPU (see {@link
   * DjlOps.Convolution#UNFOLDED}): the step is computed again with the unfolded convolution, and if
   * that mends it, the rest of the run keeps it (said once on the log). Gradients that stay
   * non-finite skip the update; the epoch line counts such steps.
   */
  private float descend(
      DjlOps ops, Adam adam, long step, long totalSteps, Function<NDManager, Objective> forward) {
    boolean retried = false;
    DjlOps.Convolution before = ops.convolution();
    while (true) {
      try (NDScope scope = new NDScope()) {
        float minimised;
        float reported;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          adam.zeroGradients();
          Objective objective = forward.apply(ops.manager());
          gc.backward(objective.minimised());
          minimised = objective.minimised().getFloat();
          reported = objective.reported().getFloat();
        }
        double norm = Float.isFinite(minimised) ? adam.gradientNorm() : Double.NaN;
        if (Float.isFinite(minimised)
            && !Double.isFinite(norm)
            && !retried
            && ops.convolution() != DjlOps.Convolution.UNFOLDED) {
          before = ops.convolution();
          ops.setConvolution(DjlOps.Convolution.UNFOLDED);
          retried = true;
          continue;
        }
        if (retried) {
          if (Double.isFinite(norm)) {
            log.printf(
                Locale.ROOT,
                "%nstep %d: libtorch's convolution backward returned non-finite gradients for a"
                    + " finite loss, the unfolded convolution finite ones: a oneDNN fault of this"
                    + " CPU; the run goes on with the unfolded convolution (slower, same"
                    + " results)%n",
                step + 1);
          } else {
            ops.setConvolution(before);
          }
        }
        if (!Float.isFinite(minimised)) {
          skippedSteps++;
          return Float.NaN;
        }
        if (!adam.step(
            options.learningRateAt(step, totalSteps, timeSpent()), options.maxGradNorm(), norm)) {
          skippedSteps++;
        }
        return reported;
      }
    }
  }

  /** The share of the time limit spent in this invocation; 0 without a limit. */
  private double timeSpent() {
    if (options.timeLimit().isZero()) {
      return 0;
    }
    return (System.nanoTime() - startedNanos) / (double) options.timeLimit().toNanos();
  }

  /** A latent model's step: one reparameterised posterior sample per image. */
  private float latentStep(
      DjlOps ops,
      Adam adam,
      LatentNetwork latent,
      float[] x,
      float[] c,
      int batch,
      SplittableRandom random,
      long step,
      long totalSteps) {
    float[] eps = Batches.gaussian(batch * latent.noiseDims(), random);
    return descend(
        ops,
        adam,
        step,
        totalSteps,
        manager -> {
          NDArray input = manager.create(x, new Shape(batch, latent.dims()));
          NDArray noise = manager.create(eps, new Shape(batch, latent.noiseDims()));
          NDArray classes =
              c == null ? null : manager.create(c, new Shape(batch, c.length / batch));
          LatentNetwork.TrainingLoss<NDArray> loss =
              ConditionalLatentNetwork.trainingLossOf(
                  latent, ops, input, classes, noise, batch, step);
          return new Objective(loss.minimised(), loss.negativeElbo());
        });
  }

  private static Checkpoint.State withPartial(
      Checkpoint.State s, long globalStep, Checkpoint.PartialEpoch partial) {
    return new Checkpoint.State(
        s.family(),
        s.input(),
        s.architecture(),
        s.epochsDone(),
        globalStep,
        s.bestValidationBpd(),
        s.bestEpoch(),
        s.epochsWithoutImprovement(),
        s.trainingSeconds(),
        s.imagesSeen(),
        s.history(),
        partial);
  }

  /** Data-dependent initialisation (actnorm) on one batch at the bin centre. */
  private void initialise(DjlOps ops, List<ImageRecord> train, long seed) {
    if (!(model instanceof DensityNetwork)) {
      return;
    }
    try {
      ops.setInitialising(true);
      forwardOneBatch(ops, train, seed);
    } finally {
      ops.setInitialising(false);
    }
  }

  /**
   * One forward pass of a few images before the first step, outside any gradient collector:
   * checking a convolution shape ({@link DjlOps.Convolution#CHECKED}) runs a backward pass of its
   * own, which DJL cannot nest inside the training step's collector, so every shape the model uses
   * is checked here first, whether the run is fresh or resumed.
   */
  private void checkConvolutionShapes(DjlOps ops, List<ImageRecord> train, long seed) {
    int n = Math.min(SHAPE_CHECK_BATCH, train.size());
    int[] order = Batches.shuffled(train.size(), new SplittableRandom(seed));
    try (NDScope scope = new NDScope()) {
      NDManager manager = ops.manager();
      NDArray x = manager.create(Batches.pixels(train, order, 0, n), new Shape(n, model.dims()));
      if (model instanceof LatentNetwork latent) {
        float[] c =
            Batches.oneHot(train, order, 0, n, ConditionalLatentNetwork.conditionOf(latent));
        NDArray noise =
            manager.create(
                Batches.gaussian(n * latent.noiseDims(), new SplittableRandom(seed)),
                new Shape(n, latent.noiseDims()));
        NDArray classes = c == null ? null : manager.create(c, new Shape(n, c.length / n));
        ConditionalLatentNetwork.trainingLossOf(latent, ops, x, classes, noise, n, 0);
      } else {
        forwardOneBatch(ops, x);
      }
    }
  }

  private void forwardOneBatch(DjlOps ops, List<ImageRecord> train, long seed) {
    int n = Math.min(INIT_BATCH, train.size());
    int[] order = Batches.shuffled(train.size(), new SplittableRandom(seed));
    try (NDScope scope = new NDScope()) {
      forwardOneBatch(
          ops,
          ops.manager().create(Batches.pixels(train, order, 0, n), new Shape(n, model.dims())));
    }
  }

  private void forwardOneBatch(DjlOps ops, NDArray x) {
    ((DensityNetwork) model).logDensity(ops, x, ops.scalar(0.5f));
  }
}
