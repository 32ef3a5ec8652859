package io.flowspect.trainer.diffusion;

import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.graph.Ops;
import io.flowspect.trainer.graph.ParamSpec;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import io.flowspect.trainer.vae.DiscretizedLogistic;
import io.flowspect.trainer.vae.Layers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * A denoising diffusion model (Ho et al. 2020, "Denoising Diffusion Probabilistic Models") of 8-bit
 * images, scored by its variational bound on the discrete log-likelihood.
 *
 * <p>The latent is the whole noising trajectory x_1..x_T, so the model is a {@link LatentNetwork}
 * like the VAEs and core scores it through the same bound graph: one importance sample is one
 * trajectory drawn from q(x_{1:T} | x_0), and its log weight is
 *
 * <pre>
 * log w = log p(x_T) - log q(x_T | x_0)
 *       + sum_{t=2..T} [log p(x_{t-1} | x_t) - log q(x_{t-1} | x_t, x_0)]
 *       + log p(x_0 | x_1),
 * </pre>
 *
 * an honest importance weight: its mean over trajectories is the ELBO and the log of its mean over
 * K trajectories the IWAE bound, both at most log p(x_0). The reverse model p(x_{t-1} | x_t) has
 * the posterior's variance and the mean DDPM's noise prediction gives, so each middle term is -w_t
 * |eps_hat - eps|^2 - (its cross term with the step's noise), whose mean is minus the step's KL.
 * p(x_0 | x_1) is a discretised logistic over the 256 levels with a learned scale per sub-pixel, so
 * the bound is one of the discrete image.
 *
 * <p>One sample takes T * D standard-normal numbers: x_T's noise, then the noise of x_{T-1}, ...,
 * x_1, each drawn from the forward posterior. All T denoiser passes of a sample run as T rows of
 * one batched pass, so a bound costs T denoiser passes per image and sample.
 *
 * <p>The evidence map ({@code pixel_nll}) is a noise-and-denoise reconstruction (Wyatt et al. 2022,
 * "AnoDDPM"): the image is noised to step t_0 with a fixed seeded noise and denoised back with
 * deterministic DDIM steps (Song et al. 2021); a local defect is not in the model of good images,
 * so the reconstruction draws good material there. Each sub-pixel's map value is its negative
 * log-probability under a discretised logistic centred on the reconstruction with the scale of the
 * noise added (standard deviation sqrt(1 - abar_t0) / sqrt(abar_t0)), nats: a residual in units of
 * how much the noise hid.
 *
 * <p>Training minimises the bound itself, one uniformly drawn step per image (the KL of that step
 * times T, the prior term in closed form); under the log-SNR-linear {@link NoiseSchedule} every
 * step's KL weight is the same, so this is DDPM's simple loss scaled, with no variance from uneven
 * weights. Steps come from a golden-ratio sequence over (training step, row), so a resumed run
 * repeats them.
 */
public final class Diffusion implements LatentNetwork {

  /** The family: a bound, scored like the VAEs. */
  public static final Family FAMILY = new Family("diffusion", Family.Kind.LATENT, false);

  private static final String DECODER_SCALE = "decoder.log_scale";
  private static final double GOLDEN = 0.6180339887498949;

  private final DiffusionConfig config;
  private final NoiseSchedule schedule;
  private final Denoiser denoiser;

  public Diffusion(DiffusionConfig config) {
    this.config = config;
    this.schedule = new NoiseSchedule(config.steps());
    this.denoiser = new Denoiser(config.input(), config.filters(), config.levels());
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  @Override
  public Family family() {
    return FAMILY;
  }

  @Override
  public InputSpec input() {
    return config.input();
  }

  @Override
  public int noiseDims() {
    return config.steps() * dims();
  }

  /** One trajectory: its weight's spread is a few tenths of a bit/dim, and each costs T passes. */
  @Override
  public int importanceSamples() {
    return 1;
  }

  @Override
  public int llrK() {
    return 0;
  }

  /** DJL keeps every intermediate of a pass: about 192 denoiser rows per pass. */
  @Override
  public int evaluationBatch() {
    return Math.max(1, 192 / config.steps());
  }

  @Override
  public Map<String, Object> hyperparameters() {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("steps", config.steps());
    hp.put("filters", config.filters());
    hp.put("levels", config.levels());
    hp.put("map_step", config.mapStep());
    hp.put("seed", config.seed());
    hp.put(
        "schedule",
        "log-SNR linear, gamma " + NoiseSchedule.GAMMA_MIN + " to " + NoiseSchedule.GAMMA_MAX);
    hp.put(BundleContract.Hyper.NOISE_DIMS, noiseDims());
    hp.put(BundleContract.Hyper.IMPORTANCE_SAMPLES, importanceSamples());
    hp.put("output", "discretised logistic per sub-pixel at t = 1");
    return hp;
  }

  @Override
  public List<ParamSpec> parameters() {
    List<ParamSpec> specs = new ArrayList<>(denoiser.parameters());
    // The decoder starts at the logistic whose variance is the first step's noise.
    double target = 0.5 * Math.log(3 * schedule.beta(1)) - Math.log(Math.PI);
    double bound = DiscretizedLogistic.LOG_SCALE_BOUND;
    double raw = bound * atanh(Math.max(-0.95, target / bound));
    specs.add(new ParamSpec(DECODER_SCALE, new long[] {dims()}, ParamSpec.constant((float) raw)));
    return specs;
  }

  private static double atanh(double v) {
    return 0.5 * Math.log((1 + v) / (1 - v));
  }

  @Override
  public <T> ImportanceWeights<T> logWeights(Ops<T> ops, T x, T eps) {
    int d = dims();
    int steps = config.steps();
    long width = (long) steps * d;
    T perSample = ops.reshapeKeepBatch(eps, -1, width);
    T zeros = ops.mul(ops.slice(perSample, 2, 0, 1), ops.scalar(0f));
    T noise = ops.reshape(perSample, -1, width);
    T x0 = Layers.tile(ops, scaled(ops, x), zeros, d);
    T pixels = Layers.tile(ops, x, zeros, d);

    // The trajectory, top down: x_T from q(x_T | x_0), then each x_{t-1} from q(x_{t-1} | x_t,
    // x_0).
    T e = block(ops, noise, 0);
    T xt = ops.add(scale(ops, x0, Math.sqrt(schedule.abar(steps))), scale(ops, e, sd(steps)));
    T prior =
        ops.add(
            ops.mul(
                ops.sub(ops.sum(ops.mul(e, e), 1), ops.sum(ops.mul(xt, xt), 1)), ops.scalar(0.5f)),
            ops.scalar((float) (0.5 * d * Math.log(schedule.oneMinusAbar(steps)))));
    List<T> states = new ArrayList<>();
    List<T> draws = new ArrayList<>();
    states.add(xt);
    for (int t = steps; t >= 2; t--) {
      T z = block(ops, noise, steps - t + 1);
      T mean =
          ops.add(scale(ops, x0, schedule.posteriorX0(t)), scale(ops, xt, schedule.posteriorXt(t)));
      xt = ops.add(mean, scale(ops, z, Math.sqrt(schedule.posteriorVariance(t))));
      states.add(0, xt);
      draws.add(0, z);
    }
    // states holds x_1..x_T, draws the noise of x_1..x_{T-1} (drawn at t = 2..T).
    T rowZeros = ops.reshape(ops.slice(zeros, 2, 0, 1), 1, -1, 1);
    T stacked = ops.concat(0, states);
    T epsHat =
        ops.reshape(
            denoiser.predict(
                ops,
                stacked,
                perStep(ops, rowZeros, 1, t -> 127.5 / Math.sqrt(schedule.abar(t))),
                perStep(ops, rowZeros, 1, t -> Denoiser.fourierGate(schedule, t)),
                embeddings(ops, rowZeros)),
            steps,
            -1,
            d);
    T states3 = ops.reshape(stacked, steps, -1, d);
    T x0Row = ops.reshape(x0, 1, -1, d);
    T implied =
        ops.div(
            ops.sub(
                states3, ops.mul(x0Row, stepConstant(ops, 1, t -> Math.sqrt(schedule.abar(t))))),
            stepConstant(ops, 1, this::sd));
    T gap = ops.sub(epsHat, implied);
    T later = ops.slice(gap, 0, 1, steps);
    T z3 = ops.reshape(ops.concat(0, draws), steps - 1, -1, d);
    T squared = ops.sum(ops.mul(later, later), 2);
    T cross = ops.sum(ops.mul(later, z3), 2);
    T middle =
        ops.sum(
            ops.neg(
                ops.add(
                    ops.mul(squared, stepColumn(ops, 2, schedule::klWeight)),
                    ops.mul(
                        cross,
                        stepColumn(
                            ops,
                            2,
                            t -> schedule.meanGap(t) / Math.sqrt(schedule.posteriorVariance(t)))))),
            0);
    T x1 = ops.reshape(ops.slice(states3, 0, 0, 1), -1, d);
    T eps1 = ops.reshape(ops.slice(epsHat, 0, 0, 1), -1, d);
    T decoder =
        DiscretizedLogistic.logProb(ops, pixels, predictX0(ops, x1, eps1, 1), logScale(ops));
    return new ImportanceWeights<>(ops.add(ops.add(prior, middle), decoder), null);
  }

  /**
   * The noise-and-denoise map: each sub-pixel's NLL under a logistic centred on the image's
   * reconstruction from step t_0 (see the class comment).
   */
  @Override
  public <T> T reconstructionNll(Ops<T> ops, T x) {
    return ops.neg(
        DiscretizedLogistic.logProbPerSubPixel(ops, x, reconstruct(ops, x), mapScale(ops)));
  }

  /** The mid-distribution CDF of each sub-pixel under the same logistic as the map's. */
  @Override
  public <T> T reconstructionCdf(Ops<T> ops, T x) {
    return DiscretizedLogistic.midCdfPerSubPixel(ops, x, reconstruct(ops, x), mapScale(ops));
  }

  /** x noised to t_0 with the fixed map noise, then denoised by deterministic DDIM steps. */
  <T> T reconstruct(Ops<T> ops, T x) {
    int t0 = config.mapStep();
    T x0 = scaled(ops, x);
    T noise = ops.constant(mapNoise(), 1, dims());
    T xt = ops.add(scale(ops, x0, Math.sqrt(schedule.abar(t0))), scale(ops, noise, sd(t0)));
    T rowZeros = ops.mul(ops.slice(x0, 1, 0, 1), ops.scalar(0f));
    T estimate = null;
    for (int t = t0; t >= 1; t--) {
      T epsHat = predictAt(ops, xt, rowZeros, t);
      estimate = predictX0(ops, xt, epsHat, t);
      if (t > 1) {
        xt =
            ops.add(
                scale(ops, estimate, Math.sqrt(schedule.abar(t - 1))),
                scale(ops, epsHat, sd(t - 1)));
      }
    }
    return estimate;
  }

  /** The map's fixed noise: D standard normals from the model's seed. */
  float[] mapNoise() {
    SplittableRandom random = new SplittableRandom(config.seed() ^ 0x6d61704e6f697365L);
    float[] v = new float[dims()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ParamSpec.gaussian(random);
    }
    return v;
  }

  /** The map logistic's raw log scale: the t_0 noise's standard deviation on the x_0 scale. */
  private <T> T mapScale(Ops<T> ops) {
    int t0 = config.mapStep();
    double sd = sd(t0) / Math.sqrt(schedule.abar(t0));
    double logScale = Math.log(sd * Math.sqrt(3) / Math.PI);
    double bound = DiscretizedLogistic.LOG_SCALE_BOUND;
    return ops.scalar((float) (bound * atanh(Math.max(-0.95, Math.min(0.95, logScale / bound)))));
  }

  /** Ancestral sampling through all T reverse steps; the image is x_0's decoder mean. */
  @Override
  public <T> T decode(Ops<T> ops, T eps) {
    int steps = config.steps();
    T xt = block(ops, eps, 0);
    T rowZeros = ops.mul(ops.slice(eps, 1, 0, 1), ops.scalar(0f));
    T estimate = null;
    for (int t = steps; t >= 1; t--) {
      T epsHat = predictAt(ops, xt, rowZeros, t);
      if (t > 1) {
        T mean =
            scale(
                ops,
                ops.sub(xt, scale(ops, epsHat, schedule.beta(t) / sd(t))),
                1 / Math.sqrt(schedule.alpha(t)));
        xt =
            ops.add(
                mean,
                scale(
                    ops, block(ops, eps, steps - t + 1), Math.sqrt(schedule.posteriorVariance(t))));
      } else {
        estimate = predictX0(ops, xt, epsHat, 1);
      }
    }
    return DiscretizedLogistic.pixels(ops, estimate);
  }

  @Override
  public <T> TrainingLoss<T> trainingLoss(Ops<T> ops, T x, T eps, int n, long step) {
    int d = dims();
    int steps = config.steps();
    float[] signal = new float[n];
    float[] noiseSd = new float[n];
    float[] levelScale = new float[n];
    float[] gate = new float[n];
    float[] klWeight = new float[n];
    float[] decoderWeight = new float[n];
    float[] embedding = new float[n * Denoiser.EMBEDDING];
    for (int i = 0; i < n; i++) {
      int t = trainingStep(step, n, i);
      signal[i] = (float) Math.sqrt(schedule.abar(t));
      noiseSd[i] = (float) sd(t);
      levelScale[i] = (float) (127.5 / Math.sqrt(schedule.abar(t)));
      gate[i] = Denoiser.fourierGate(schedule, t);
      klWeight[i] = t == 1 ? 0f : (float) (steps * schedule.klWeight(t));
      decoderWeight[i] = t == 1 ? steps : 0f;
      System.arraycopy(
          schedule.embedding(t, Denoiser.EMBEDDING),
          0,
          embedding,
          i * Denoiser.EMBEDDING,
          Denoiser.EMBEDDING);
    }
    T x0 = scaled(ops, x);
    T e = ops.slice(eps, 1, 0, d);
    T a = ops.constant(signal, n, 1);
    T b = ops.constant(noiseSd, n, 1);
    T xt = ops.add(ops.mul(x0, a), ops.mul(e, b));
    T epsHat =
        denoiser.predict(
            ops,
            xt,
            ops.constant(levelScale, n, 1),
            ops.constant(gate, n, 1),
            ops.constant(embedding, n, Denoiser.EMBEDDING));
    T diff = ops.sub(epsHat, e);
    T kl = ops.mul(ops.sum(ops.mul(diff, diff), 1), ops.constant(klWeight, n));
    T estimate = ops.div(ops.sub(xt, ops.mul(b, epsHat)), a);
    T decoder =
        ops.mul(
            DiscretizedLogistic.logProb(ops, x, estimate, logScale(ops)),
            ops.constant(decoderWeight, n));
    double abarT = schedule.abar(steps);
    // KL(q(x_T | x_0) || N(0, I)) = 0.5 sum(abar_T x0^2 + (1 - abar_T) - 1 - log(1 - abar_T)).
    T prior =
        ops.add(
            ops.mul(ops.sum(ops.mul(x0, x0), 1), ops.scalar((float) (0.5 * abarT))),
            ops.scalar((float) (0.5 * d * (-abarT - Math.log(schedule.oneMinusAbar(steps))))));
    T perImage = ops.add(ops.sub(kl, decoder), prior);
    T bitsPerDim = ops.div(ops.sum(perImage, 0), ops.scalar((float) (n * d * Math.log(2))));
    return new TrainingLoss<>(bitsPerDim, bitsPerDim);
  }

  /** The step row {@code i} of training step {@code step} trains: 1..T, golden-ratio spread. */
  int trainingStep(long step, int n, int i) {
    double u = ((step * n + i) * GOLDEN) % 1.0;
    return 1 + Math.min(config.steps() - 1, (int) (u * config.steps()));
  }

  /** eps_theta(x_t, t) for rows all at step t. */
  private <T> T predictAt(Ops<T> ops, T xt, T rowZeros, int t) {
    T embedding =
        ops.add(
            ops.constant(schedule.embedding(t, Denoiser.EMBEDDING), 1, Denoiser.EMBEDDING),
            rowZeros);
    return denoiser.predict(
        ops,
        xt,
        ops.scalar((float) (127.5 / Math.sqrt(schedule.abar(t)))),
        ops.scalar(Denoiser.fourierGate(schedule, t)),
        embedding);
  }

  /**
   * x_0's estimate from x_t and the predicted noise: (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t).
   */
  private <T> T predictX0(Ops<T> ops, T xt, T epsHat, int t) {
    return scale(ops, ops.sub(xt, scale(ops, epsHat, sd(t))), 1 / Math.sqrt(schedule.abar(t)));
  }

  /** Every step's embedding, one row per (step, sample) in step-major order: [T * R, E]. */
  private <T> T embeddings(Ops<T> ops, T rowZeros) {
    int steps = config.steps();
    float[] table = new float[steps * Denoiser.EMBEDDING];
    for (int t = 1; t <= steps; t++) {
      System.arraycopy(
          schedule.embedding(t, Denoiser.EMBEDDING),
          0,
          table,
          (t - 1) * Denoiser.EMBEDDING,
          Denoiser.EMBEDDING);
    }
    T perStep = ops.constant(table, steps, 1, Denoiser.EMBEDDING);
    return ops.reshape(ops.add(perStep, rowZeros), -1, Denoiser.EMBEDDING);
  }

  /** A per-step value for every (step, sample) row in step-major order: [T * R, 1]. */
  private <T> T perStep(Ops<T> ops, T rowZeros, int from, IntToDoubleFunction value) {
    return ops.reshape(ops.add(stepConstant(ops, from, value), rowZeros), -1, 1);
  }

  /** The values of steps from..T as a [T - from + 1, 1, 1] constant. */
  private <T> T stepConstant(Ops<T> ops, int from, IntToDoubleFunction value) {
    float[] v = stepValues(from, value);
    return ops.constant(v, v.length, 1, 1);
  }

  /** The values of steps from..T as a [T - from + 1, 1] constant. */
  private <T> T stepColumn(Ops<T> ops, int from, IntToDoubleFunction value) {
    float[] v = stepValues(from, value);
    return ops.constant(v, v.length, 1);
  }

  private float[] stepValues(int from, IntToDoubleFunction value) {
    float[] v = new float[config.steps() - from + 1];
    for (int t = from; t <= config.steps(); t++) {
      v[t - from] = (float) value.applyAsDouble(t);
    }
    return v;
  }

  private <T> T logScale(Ops<T> ops) {
    return ops.param(DECODER_SCALE);
  }

  /** sqrt(1 - abar_t). */
  private double sd(int t) {
    return Math.sqrt(schedule.oneMinusAbar(t));
  }

  /** Noise block j (0: x_T's) of rows of T * D numbers. */
  private <T> T block(Ops<T> ops, T noise, int j) {
    return ops.slice(noise, 1, (long) j * dims(), (long) (j + 1) * dims());
  }

  private static <T> T scale(Ops<T> ops, T v, double factor) {
    return ops.mul(v, ops.scalar((float) factor));
  }

  /** 0..255 to [-1, 1]. */
  private static <T> T scaled(Ops<T> ops, T x) {
    return ops.sub(ops.div(x, ops.scalar(127.5f)), ops.scalar(1f));
  }
}
