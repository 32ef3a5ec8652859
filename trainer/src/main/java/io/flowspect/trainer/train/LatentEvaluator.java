package io.flowspect.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.onnx.LatentResult;
import io.flowspect.core.score.Bits;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.ConditionalLatentNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import java.util.List;

/**
 * Importance weights and bounds with the trainer's own (DJL) latent model, from core's seeded
 * per-image noise ({@link ImportanceSampling#noise}), so that the bounds the trainer reports and
 * the ones the scorer computes from the exported graph are the same numbers for the same seed and
 * K.
 */
public final class LatentEvaluator {

  /** Image-sample rows per DJL pass. */
  private static final int MAX_ROWS = 512;

  private LatentEvaluator() {}

  /**
   * Log importance weights of every image with K samples of its seeded noise.
   *
   * @param samples K
   * @param seed the noise seed
   * @return [N][K] weights, and the L^{&gt;k} weights when the model has them
   */
  public static LatentResult logWeights(
      LatentNetwork model, ParamStore params, List<ImageRecord> images, int samples, long seed) {
    int n = images.size();
    float[][] logW = new float[n][];
    float[][] logWk = model.llrK() > 0 ? new float[n][] : null;
    // DJL keeps every intermediate of a pass: a model whose rows are costly (a diffusion model's
    // row is T denoiser passes) declares a smaller evaluation batch.
    int per = Math.max(1, Math.min(MAX_ROWS, model.evaluationBatch()) / samples);
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlOps ops = DjlOps.forEvaluation(params, manager);
      for (int from = 0; from < n; from += per) {
        int to = Math.min(n, from + per);
        float[] pixels = Batches.pixels(images, from, to);
        float[][] noise = new float[to - from][];
        int d = model.dims();
        for (int i = 0; i < noise.length; i++) {
          float[] row = java.util.Arrays.copyOfRange(pixels, i * d, (i + 1) * d);
          noise[i] = ImportanceSampling.noise(seed, row, samples, model.noiseDims());
        }
        float[] classes =
            Batches.oneHot(images, null, from, to, ConditionalLatentNetwork.conditionOf(model));
        LatentResult r = logWeights(model, ops, pixels, classes, to - from, noise);
        System.arraycopy(r.logW(), 0, logW, from, to - from);
        if (logWk != null) {
          System.arraycopy(r.logWk(), 0, logWk, from, to - from);
        }
      }
    }
    return new LatentResult(logW, logWk);
  }

  /**
   * One DJL pass: the log weights of {@code n} images [n, D] (raw 0..255 floats). Every array it
   * creates is freed before it returns.
   *
   * @param noise each image's K * noiseDims standard-normal numbers
   */
  public static LatentResult logWeights(
      LatentNetwork model, DjlOps ops, float[] pixels, int n, float[][] noise) {
    return logWeights(model, ops, pixels, null, n, noise);
  }

  /**
   * One DJL pass of any latent model, a conditional one with its images' one-hot classes.
   *
   * @param classes one-hot classes [n, C] of a conditional model, else null
   * @param noise each image's K * noiseDims standard-normal numbers
   */
  public static LatentResult logWeights(
      LatentNetwork model, DjlOps ops, float[] pixels, float[] classes, int n, float[][] noise) {
    int width = noise[0].length;
    int samples = width / model.noiseDims();
    float[] eps = new float[n * width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(noise[i], 0, eps, i * width, width);
    }
    try (NDScope scope = new NDScope()) {
      NDArray x = ops.manager().create(pixels, new Shape(n, model.dims()));
      NDArray e = ops.manager().create(eps, new Shape(n, width));
      NDArray c =
          classes == null ? null : ops.manager().create(classes, new Shape(n, classes.length / n));
      LatentNetwork.ImportanceWeights<NDArray> w =
          ConditionalLatentNetwork.logWeightsOf(model, ops, x, c, e);
      float[][] logW = rows(w.logW().toFloatArray(), n, samples);
      float[][] logWk = w.logWk() == null ? null : rows(w.logWk().toFloatArray(), n, samples);
      return new LatentResult(logW, logWk);
    }
  }

  private static float[][] rows(float[] flat, int n, int samples) {
    float[][] out = new float[n][samples];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * samples, out[i], 0, samples);
    }
    return out;
  }

  /** Every image's ELBO, IWAE and LLR^{&gt;k} with K samples (nats). */
  public static ImportanceSampling.Bounds bounds(
      LatentNetwork model, ParamStore params, List<ImageRecord> images, int samples, long seed) {
    return ImportanceSampling.bounds(logWeights(model, params, images, samples, seed));
  }

  /** Mean of {@code -nats / (D ln 2)}: bits/dim of a bound. */
  public static double meanBitsPerDim(double[] nats, int dims) {
    double sum = 0;
    for (double v : nats) {
      sum += Bits.bitsPerDim(v, dims);
    }
    return sum / nats.length;
  }
}
