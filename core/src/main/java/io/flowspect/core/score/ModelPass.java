package io.flowspect.core.score;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.DensityResult;
import io.flowspect.core.onnx.LatentModel;
import io.flowspect.core.onnx.LatentResult;
import io.flowspect.core.onnx.OnnxOptions;

/**
 * One bundle's likelihood pass, whatever its kind: the density graph of an exact model, or the
 * bound graph of a latent-variable model with K seeded importance samples, whose IWAE bound then
 * stands in for log p(x). Thread-safe; the caller closes it.
 */
final class ModelPass implements AutoCloseable {

  /**
   * What one pass gives.
   *
   * @param logPx log p(x) in nats: exact, or the IWAE bound of a latent model
   * @param pixelNll per-pixel NLL, or null
   * @param bounds ELBO, IWAE and LLR^{&gt;k} of a latent model, else null
   * @param latent a flow's standardised latent z, when asked for, else null
   * @param pixelCdf per-pixel mid-distribution CDF, when asked for and the graph has it, else null
   */
  record Result(
      double[] logPx,
      float[][] pixelNll,
      ImportanceSampling.Bounds bounds,
      float[][] latent,
      float[][] pixelCdf) {}

  private final DensityModel density;
  private final LatentModel latent;
  private final int samples;
  private final long seed;

  private ModelPass(DensityModel density, LatentModel latent, int samples, long seed) {
    this.density = density;
    this.latent = latent;
    this.samples = samples;
    this.seed = seed;
  }

  /**
   * @param samples K for a latent bundle; 0 or less takes the bundle's default
   */
  static ModelPass open(Bundle bundle, OnnxOptions options, int maxBatch, int samples) {
    if (!LatentModel.isLatent(bundle)) {
      return new ModelPass(DensityModel.open(bundle, options, maxBatch), null, 0, 0);
    }
    int k = samples > 0 ? samples : ImportanceSampling.defaultSamples(bundle);
    ImportanceSampling.checkSamples(k);
    LatentModel model = LatentModel.open(bundle, options, LatentModel.DEFAULT_MAX_ROWS);
    try {
      return new ModelPass(null, model, k, ImportanceSampling.seed(bundle));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  boolean latent() {
    return latent != null;
  }

  boolean hasLlr() {
    return latent != null && latent.hasLlr();
  }

  boolean hasOutput(String name) {
    if (density != null) {
      return density.hasOutput(name);
    }
    return (BundleContract.Tensor.PIXEL_NLL.equals(name) && latent.hasPixelNll())
        || (BundleContract.Tensor.PIXEL_CDF.equals(name) && latent.hasPixelCdf());
  }

  /** K, for a latent bundle; 0 otherwise. */
  int samples() {
    return samples;
  }

  long seed() {
    return seed;
  }

  /** The condition of a conditional latent model, else null. */
  Condition condition() {
    return latent == null ? null : latent.condition();
  }

  /**
   * @param classes each image's class index for a conditional model, else null
   * @param withLatent also fetch a flow's latent z (for flow_energy maps); ignored by latent models
   * @param withMaps fetch a latent model's pixel_nll map (a density graph always gives its own)
   * @param withCdf fetch the pixel_cdf map when the graph has it
   */
  Result run(float[][] rows, int[] classes, boolean withLatent, boolean withMaps, boolean withCdf) {
    if (density != null) {
      DensityResult r = density.score(rows, withLatent, withCdf);
      return new Result(r.logPx(), r.pixelNll(), null, r.latent(), r.pixelCdf());
    }
    LatentResult r =
        latent.run(
            rows,
            classes,
            ImportanceSampling.noise(seed, rows, samples, latent.noiseDims()),
            withMaps,
            withCdf);
    ImportanceSampling.Bounds b = ImportanceSampling.bounds(r);
    return new Result(b.iwae(), r.pixelNll(), b, null, r.pixelCdf());
  }

  @Override
  public void close() {
    if (density != null) {
      density.close();
    } else {
      latent.close();
    }
  }
}
