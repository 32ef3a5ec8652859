package io.flowspect.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityNetwork;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The training loop: maximum likelihood with Adam, validation bits/dim after every epoch, a
 * checkpoint every epoch, early stopping, and resumption from a checkpoint.
 *
 * <p>The loss is the mean negative log-likelihood in bits/dim, with uniform dequantisation noise
 * for the continuous families. The caller owns the {@link ParamStore}; at the end it holds the best
 * validation weights.
 */
public final class TrainingRun {

  private static final int INIT_BATCH = 256;
  private static final int EVAL_BATCH = 200;

  private final DensityNetwork model;
  private final TrainingOptions options;
  private final Checkpoint checkpoint;
  private final PrintStream log;

  public TrainingRun(
      DensityNetwork model, TrainingOptions options, Checkpoint checkpoint, PrintStream log) {
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
    int d = model.dims();
    int batch = Math.min(options.batch(), train.size());
    long stepsPerEpoch = train.size() / batch;
    long totalSteps = stepsPerEpoch * options.epochs();
    List<Checkpoint.EpochRecord> history = new ArrayList<>(state.history());
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlOps ops = new DjlOps(params, manager);
      if (state.globalStep() == 0 && state.epochsDone() == 0) {
        initialise(ops, train, options.seed());
      }
      for (int epoch = state.epochsDone(); epoch < options.epochs(); epoch++) {
        if (state.epochsWithoutImprovement() >= options.patience()) {
          log.printf(
              Locale.ROOT,
              "early stop: no better validation bits/dim for %d epochs%n",
              options.patience());
          break;
        }
        SplittableRandom random = new SplittableRandom(options.seed() * 31 + epoch);
        int[] order = Batches.shuffled(train.size(), random);
        Progress progress =
            Progress.console(
                String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, options.epochs()),
                stepsPerEpoch);
        long started = System.nanoTime();
        double lossSum = 0;
        int lossCount = 0;
        long step = state.globalStep();
        for (long b = 0; b < stepsPerEpoch; b++) {
          float[] x = Batches.pixels(train, order, (int) (b * batch), (int) ((b + 1) * batch));
          Batches.mutate(x, options.backgroundMutation(), random);
          float[] noise = Batches.uniform(x.length, random);
          float loss;
          try (NDScope scope = new NDScope()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              gc.zeroGradients();
              NDArray input = manager.create(x, new Shape(batch, d));
              NDArray u = manager.create(noise, new Shape(batch, d));
              NDArray logPx = model.logDensity(ops, input, u).logPx();
              NDArray bpd = logPx.mean().neg().div((float) (d * Math.log(2)));
              gc.backward(bpd);
              loss = bpd.getFloat();
            }
            if (Float.isFinite(loss)) {
              adam.step(options.learningRateAt(step, totalSteps), options.maxGradNorm());
            }
          }
          step++;
          if (Float.isFinite(loss)) {
            lossSum += loss;
            lossCount++;
          }
          progress.update(
              b + 1, String.format(Locale.ROOT, "bpd %.4f", lossSum / Math.max(1, lossCount)));
        }
        progress.finish();
        double seconds = (System.nanoTime() - started) / 1e9;
        double trainBpd = lossSum / Math.max(1, lossCount);
        double validationBpd = Evaluator.meanBitsPerDim(model, params, validation, EVAL_BATCH);
        boolean best = validationBpd < state.bestValidationBpd();
        double imagesPerSecond = stepsPerEpoch * batch / seconds;
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
                state.imagesSeen() + stepsPerEpoch * batch,
                history);
        checkpoint.save(state, params, adam, best);
        log.printf(
            Locale.ROOT,
            "epoch %d: train %.4f bits/dim, validation %.4f bits/dim%s, %.0f images/s, %.0f s%n",
            epoch + 1,
            trainBpd,
            validationBpd,
            best ? " (best)" : "",
            imagesPerSecond,
            seconds);
      }
    }
    checkpoint.restoreBest(params);
    return state;
  }

  /** Data-dependent initialisation (actnorm) on one batch at the bin centre. */
  private void initialise(DjlOps ops, List<ImageRecord> train, long seed) {
    int n = Math.min(INIT_BATCH, train.size());
    int[] order = Batches.shuffled(train.size(), new SplittableRandom(seed));
    try (NDScope scope = new NDScope()) {
      NDArray x =
          ops.manager().create(Batches.pixels(train, order, 0, n), new Shape(n, model.dims()));
      ops.setInitialising(true);
      model.logDensity(ops, x, ops.scalar(0.5f));
    } finally {
      ops.setInitialising(false);
    }
  }
}
