package io.flowspect.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.score.Bits;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.DensityNetwork;
import io.flowspect.trainer.model.DistilledNetwork;
import io.flowspect.trainer.model.GenerativeNetwork;
import io.flowspect.trainer.model.LatentNetwork;
import java.util.List;

/**
 * Log-likelihoods with the trainer's own (DJL) model, deterministic: dequantisation at the bin
 * centre, exactly what the exported graph computes, so that reported bits/dim and scored bits/dim
 * are the same number.
 */
public final class Evaluator {

  private Evaluator() {}

  /** log p(x) in nats for every image, in order. */
  public static double[] logPx(
      DensityNetwork model, ParamStore params, List<ImageRecord> images, int batch) {
    double[] out = new double[images.size()];
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlOps ops = DjlOps.forEvaluation(params, manager);
      for (int from = 0; from < images.size(); from += batch) {
        int to = Math.min(images.size(), from + batch);
        float[] lp = logPx(model, ops, Batches.pixels(images, from, to), to - from);
        for (int i = 0; i < lp.length; i++) {
          out[from + i] = lp[i];
        }
      }
    }
    return out;
  }

  /**
   * One evaluation forward pass: log p(x) in nats of {@code n} images given as raw 0..255 floats
   * [n, D]. Every array it creates is freed before it returns; the benchmark times exactly this
   * call, so that its libtorch numbers are the trainer's evaluation path.
   */
  public static float[] logPx(DensityNetwork model, DjlOps ops, float[] pixels, int n) {
    try (NDScope scope = new NDScope()) {
      NDArray x = ops.manager().create(pixels, new Shape(n, model.dims()));
      return model.logDensity(ops, x, ops.scalar(0.5f)).logPx().toFloatArray();
    }
  }

  /**
   * Mean bits/dim over the images: of the exact likelihood, or for a latent-variable model of its
   * ELBO with one sample of the seeded noise (the validation metric that early stopping watches).
   */
  public static double meanBitsPerDim(
      GenerativeNetwork model, ParamStore params, List<ImageRecord> images, int batch) {
    if (model instanceof LatentNetwork latent) {
      double[] elbo =
          LatentEvaluator.bounds(latent, params, images, 1, ImportanceSampling.DEFAULT_SEED).elbo();
      return LatentEvaluator.meanBitsPerDim(elbo, model.dims());
    }
    double[] lp = logPx((DensityNetwork) model, params, images, batch);
    double sum = 0;
    for (double v : lp) {
      sum += Bits.bitsPerDim(v, model.dims());
    }
    return sum / lp.length;
  }

  /** Noise rows a distilled student's validation gap is measured on. */
  static final int DISTILLATION_SAMPLES = 1024;

  /**
   * What early stopping watches: the mean bits/dim of the validation images, or for a distilled
   * student the mean gap log q - log p_teacher of its samples from a fixed seeded noise (bits/dim),
   * since the student never sees images and its bundle's density (the teacher's) does not change.
   */
  public static double validationObjective(
      GenerativeNetwork model, ParamStore params, List<ImageRecord> validation) {
    if (model instanceof DistilledNetwork student) {
      return distillationGap(student, params, DISTILLATION_SAMPLES, 1L);
    }
    return meanBitsPerDim(model, params, validation, model.evaluationBatch());
  }

  /**
   * A distilled student's mean log q(x) - log p_teacher(x) over its samples from {@code n} rows of
   * standard-normal noise drawn from {@code seed}, in bits/dim: an estimate of KL(student ||
   * teacher) per sub-pixel.
   */
  public static double distillationGap(
      DistilledNetwork student, ParamStore params, int n, long seed) {
    int d = student.dims();
    float[] z = Batches.gaussian(n * d, new java.util.SplittableRandom(seed));
    double sum = 0;
    int batch = 128;
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlOps ops = DjlOps.forEvaluation(params, manager);
      for (int from = 0; from < n; from += batch) {
        int to = Math.min(n, from + batch);
        try (NDScope scope = new NDScope()) {
          NDArray noise =
              manager.create(
                  java.util.Arrays.copyOfRange(z, from * d, to * d), new Shape(to - from, d));
          for (float g : student.distillationGap(ops, noise).toFloatArray()) {
            sum += g;
          }
        }
      }
    }
    return sum / n / (d * Math.log(2));
  }
}
