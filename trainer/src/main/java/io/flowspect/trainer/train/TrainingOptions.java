package io.flowspect.trainer.train;

import java.time.Duration;

/**
 * How to train: everything but the architecture.
 *
 * @param epochs passes over the training split
 * @param batch images per step
 * @param learningRate Adam's peak rate, reached after {@code warmupSteps} and decayed by a cosine
 *     to 5% of it at the last planned step
 * @param warmupSteps linear warm-up length
 * @param maxGradNorm global gradient-norm clip (0: none)
 * @param patience early stopping: epochs without a better validation bits/dim
 * @param validationFraction share of the data held out, split deterministically by {@code seed}
 * @param seed data split, shuffling, dequantisation noise and mutation
 * @param backgroundMutation fraction of pixels replaced by uniform noise in each training batch
 *     (Ren et al. 2019 background model); 0 for a normal model
 * @param checkpointInterval how often a checkpoint is also written inside an epoch (zero: only at
 *     the end of each epoch)
 * @param stepLimit stop after this many optimisation steps in this invocation, with a checkpoint,
 *     so a long run can be split into parts and continued with {@code --resume} (0: no limit)
 * @param timeLimit stop training after this long in this invocation: the epoch under way ends
 *     early, is validated and checkpointed, and the best epoch is exported; the learning rate
 *     decays by whichever of steps and time is further along (zero: no limit)
 */
public record TrainingOptions(
    int epochs,
    int batch,
    float learningRate,
    int warmupSteps,
    float maxGradNorm,
    int patience,
    double validationFraction,
    long seed,
    double backgroundMutation,
    Duration checkpointInterval,
    long stepLimit,
    Duration timeLimit) {

  public TrainingOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, found " + epochs);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, found " + batch);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--lr must be positive, found " + learningRate);
    }
    if (backgroundMutation < 0 || backgroundMutation >= 1) {
      throw new IllegalArgumentException(
          "--background-mutation must be in [0, 1), found " + backgroundMutation);
    }
    if (checkpointInterval.isNegative()) {
      throw new IllegalArgumentException(
          "--checkpoint-minutes must not be negative, found " + checkpointInterval.toMinutes());
    }
    if (stepLimit < 0) {
      throw new IllegalArgumentException("--step-limit must not be negative, found " + stepLimit);
    }
    if (timeLimit.isNegative()) {
      throw new IllegalArgumentException(
          "--time-limit must not be negative, found " + timeLimit.toMinutes());
    }
    if (patience < 1) {
      throw new IllegalArgumentException("--patience must be at least 1, found " + patience);
    }
  }

  /** The rate at a global step: linear warm-up, then cosine decay to 5% over the planned steps. */
  public float learningRateAt(long step, long totalSteps) {
    return learningRateAt(step, totalSteps, 0);
  }

  /**
   * The rate at a global step when a share of the time limit is spent: the cosine decay follows
   * whichever of the planned steps and the time limit is further along.
   */
  public float learningRateAt(long step, long totalSteps, double timeSpent) {
    if (step < warmupSteps) {
      return learningRate * (step + 1) / warmupSteps;
    }
    double progress =
        Math.min(
            1.0,
            Math.max(
                timeSpent, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps)));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (learningRate * (0.05 + 0.95 * cosine));
  }
}
