package io.flowspect.core.score;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.onnx.LatentModel;
import io.flowspect.core.onnx.LatentResult;
import java.util.SplittableRandom;

/**
 * Bounds on log p(x) from a latent-variable model's log importance weights log w_k = log p(x, z_k)
 * - log q(z_k | x), z_k ~ q(z | x), k = 1..K, and the seeded noise they are drawn with. The one
 * definition of these numbers: the scorer and the trainer's evaluation both call it.
 *
 * <ul>
 *   <li>{@code elbo} = (1/K) sum_k log w_k: an unbiased estimate of the evidence lower bound (with
 *       K = 1 the single-sample ELBO);
 *   <li>{@code iwae} = log (1/K) sum_k w_k: the importance-weighted bound of Burda et al. (2016),
 *       never below the ELBO of the same samples (Jensen) and tightening towards log p(x) as K
 *       grows;
 *   <li>{@code llr_k} = iwae(log w) - iwae(log w^{&gt;k}): Havtorn et al.'s (2021) likelihood ratio
 *       of the full bound against L^{&gt;k}, whose k lowest latents come from the prior, both
 *       importance-weighted over the same K samples.
 * </ul>
 *
 * <p>Noise: each image's K x L standard-normal numbers come from a stream seeded by the bundle's
 * seed and the image's pixel values, so an image's scores depend only on the image, the bundle, K
 * and the seed, never on the batch it arrives in, while different images get independent noise;
 * sample k's numbers are the same for every K, so raising K only adds samples. Stateless.
 */
public final class ImportanceSampling {

  /** The seed when a manifest names none. */
  public static final long DEFAULT_SEED = 1;

  /** The K when a manifest names none. */
  public static final int DEFAULT_SAMPLES = 32;

  /** The most importance samples per image. */
  public static final int MAX_SAMPLES = 4096;

  private ImportanceSampling() {}

  /**
   * Per-image bounds, nats.
   *
   * @param elbo mean log weight
   * @param iwae log mean weight
   * @param llrK LLR^{&gt;k}, or null when the model has no L^{&gt;k} bound
   */
  public record Bounds(double[] elbo, double[] iwae, double[] llrK) {}

  /**
   * Draws one image's noise: K * L standard-normal numbers, sample k at [k * L, (k + 1) * L), from
   * a {@link SplittableRandom} seeded by {@code seed} and the image (Box-Muller, both branches).
   *
   * @param seed the seed
   * @param image the image's values as the model takes them (raw 0..255, CHW)
   * @param samples K, 1..{@value #MAX_SAMPLES}
   * @param noiseDims L, at least 1
   * @return the noise
   */
  public static float[] noise(long seed, float[] image, int samples, int noiseDims) {
    checkSamples(samples);
    if (noiseDims < 1) {
      throw new IllegalArgumentException("noiseDims must be at least 1, got " + noiseDims);
    }
    SplittableRandom random = new SplittableRandom(imageSeed(seed, image));
    float[] out = new float[Math.multiplyExact(samples, noiseDims)];
    for (int i = 0; i < out.length; i += 2) {
      double radius = Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble()));
      double angle = 2.0 * Math.PI * random.nextDouble();
      out[i] = (float) (radius * Math.cos(angle));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (radius * Math.sin(angle));
      }
    }
    return out;
  }

  /** Every image's noise, row for row. */
  public static float[][] noise(long seed, float[][] images, int samples, int noiseDims) {
    float[][] out = new float[images.length][];
    for (int i = 0; i < images.length; i++) {
      out[i] = noise(seed, images[i], samples, noiseDims);
    }
    return out;
  }

  /** The stream's seed: the seed mixed with a 64-bit FNV-1a hash of the pixel values. */
  static long imageSeed(long seed, float[] image) {
    long h = 0xcbf29ce484222325L;
    for (float v : image) {
      h ^= Math.round(v);
      h *= 0x100000001b3L;
    }
    return h ^ (seed * 0x9e3779b97f4a7c15L);
  }

  /**
   * One standard-normal draw: Box-Muller, the cosine branch only.
   *
   * @param random the stream
   * @return the draw
   */
  public static double standardNormal(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /**
   * The ELBO estimate of one image: the mean of its first {@code k} log weights.
   *
   * @param logW the image's log weights
   * @param k how many to use, 1..logW.length
   * @return nats
   */
  public static double elbo(float[] logW, int k) {
    checkPrefix(logW, k);
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += logW[i];
    }
    return sum / k;
  }

  /**
   * The IWAE bound of one image from its first {@code k} log weights: log mean exp, computed in
   * double precision after subtracting the largest weight.
   *
   * @param logW the image's log weights
   * @param k how many to use, 1..logW.length
   * @return nats
   */
  public static double iwae(float[] logW, int k) {
    checkPrefix(logW, k);
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, logW[i]);
    }
    if (Double.isInfinite(max)) {
      return max;
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += Math.exp(logW[i] - max);
    }
    return max + Math.log(sum / k);
  }

  /**
   * Every image's bounds from its log weights.
   *
   * @param result the weights, [N][K]
   * @return the bounds over all K samples
   */
  public static Bounds bounds(LatentResult result) {
    int n = result.size();
    double[] elbo = new double[n];
    double[] iwae = new double[n];
    double[] llr = result.logWk() == null ? null : new double[n];
    for (int i = 0; i < n; i++) {
      float[] w = result.logW()[i];
      elbo[i] = elbo(w, w.length);
      iwae[i] = iwae(w, w.length);
      if (llr != null) {
        float[] wk = result.logWk()[i];
        llr[i] = iwae[i] - iwae(wk, wk.length);
      }
    }
    return new Bounds(elbo, iwae, llr);
  }

  /**
   * Scores images with a latent model: each image's seeded noise, then the bounds.
   *
   * @param model the bound graph
   * @param rows N rows of D floats 0..255
   * @param samples K
   * @param seed the noise seed
   * @return the bounds
   */
  public static Bounds score(LatentModel model, float[][] rows, int samples, long seed) {
    return score(model, rows, null, samples, seed);
  }

  /**
   * Scores images with a conditional latent model, each under its class. The noise depends on the
   * image only, so an image scored under two classes sees the same K samples of noise.
   *
   * @param model the bound graph
   * @param rows N rows of D floats 0..255
   * @param classes each image's class index in the model's condition; null for unconditional models
   * @param samples K
   * @param seed the noise seed
   * @return the bounds
   */
  public static Bounds score(
      LatentModel model, float[][] rows, int[] classes, int samples, long seed) {
    return bounds(
        model.run(rows, classes, noise(seed, rows, samples, model.noiseDims()), false, false));
  }

  /**
   * The bundle's default K: its manifest's {@value BundleContract.Hyper#IMPORTANCE_SAMPLES}, else
   * {@value #DEFAULT_SAMPLES}.
   *
   * @param bundle a latent bundle
   * @return K
   */
  public static int defaultSamples(Bundle bundle) {
    Object v = bundle.manifest().hyperparameters().get(BundleContract.Hyper.IMPORTANCE_SAMPLES);
    return v instanceof Number n ? n.intValue() : DEFAULT_SAMPLES;
  }

  /**
   * The bundle's noise seed: its manifest's {@value BundleContract.Hyper#IMPORTANCE_SEED}, else
   * {@value #DEFAULT_SEED}.
   *
   * @param bundle a latent bundle
   * @return the seed
   */
  public static long seed(Bundle bundle) {
    Object v = bundle.manifest().hyperparameters().get(BundleContract.Hyper.IMPORTANCE_SEED);
    return v instanceof Number n ? n.longValue() : DEFAULT_SEED;
  }

  /**
   * Checks a number of importance samples.
   *
   * @param samples K
   * @throws IllegalArgumentException unless 1 &lt;= K &lt;= {@value #MAX_SAMPLES}
   */
  public static void checkSamples(int samples) {
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "importance samples must be in 1.." + MAX_SAMPLES + ", got " + samples);
    }
  }

  private static void checkPrefix(float[] logW, int k) {
    if (k < 1 || k > logW.length) {
      throw new IllegalArgumentException(
          "k must be in 1.." + logW.length + " (the weights given), got " + k);
    }
  }
}
