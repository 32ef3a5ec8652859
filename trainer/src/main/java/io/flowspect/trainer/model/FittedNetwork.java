package io.flowspect.trainer.model;

import io.flowspect.core.data.ImageRecord;
import io.flowspect.trainer.graph.ParamStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A density network whose parameters are computed from the training images in closed form, stage by
 * stage, instead of by gradient steps (RBIG's marginal Gaussianizations and rotations). The trainer
 * calls {@link #fit} in place of its optimisation loop; evaluation, export and scoring are those of
 * every other {@link DensityNetwork}.
 */
public interface FittedNetwork extends DensityNetwork {

  /**
   * Fits the parameters.
   *
   * @param params the network's parameters, overwritten stage by stage
   * @param train images to fit on
   * @param validation held-out images that choose how many stages to keep
   * @param seed dequantisation noise
   * @param timeLimit stop adding stages after this long (zero: no limit)
   * @param log where progress goes
   * @return the settings of the network as fitted (the stages kept) and each stage's numbers; its
   *     parameters are a prefix, by name, of {@code params}
   */
  Fit fit(
      ParamStore params,
      List<ImageRecord> train,
      List<ImageRecord> validation,
      long seed,
      Duration timeLimit,
      PrintStream log);

  /**
   * What a fit gave.
   *
   * @param settings the architecture settings of the network to keep
   * @param stages each stage fitted, in order
   * @param keptStages how many of them the kept network holds (the best on validation)
   * @param seconds wall time of the fit
   */
  record Fit(Map<String, Object> settings, List<Stage> stages, int keptStages, double seconds) {}

  /**
   * One stage's numbers, in bits/dim after the stage (train: dequantised; validation: bin centre).
   *
   * @param stage 1-based
   * @param trainBpd mean over the training images
   * @param validationBpd mean over the validation images
   * @param seconds wall time of the stage
   */
  record Stage(int stage, double trainBpd, double validationBpd, double seconds) {}
}
