package io.flowspect.core.sample;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.ImageGrid;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.onnx.DensityModel;
import io.flowspect.core.onnx.LatentModel;
import io.flowspect.core.onnx.OnnxModelException;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxSessions;
import io.flowspect.core.score.ImportanceSampling;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws images from a bundle: flows decode Gaussian noise through their {@value
 * BundleContract.Role#GENERATE} graph in one batched pass (and get log p for free); autoregressive
 * models draw sub-pixel by sub-pixel from their {@value BundleContract.Role#CONDITIONALS} graph in
 * {@link AutoregressiveOrder}, one pass per sub-pixel; latent-variable models decode prior draws
 * through their {@value BundleContract.Role#DECODE} graph (the mean image of p(x | z); for a
 * Bernoulli decoder the probability image 255 p(x = 1)) and report each decoded image's IWAE bound
 * (of the image binarised by the input contract, for binarised models).
 *
 * <p>Used by {@code flowspect sample} and by evaluation reports. Stateless.
 */
public final class Sampler {

  private Sampler() {}

  /**
   * Tells whether a bundle can be sampled.
   *
   * @param bundle the bundle
   * @return true when it has a generate, decode or conditionals graph
   */
  public static boolean canSample(Bundle bundle) {
    return bundle.manifest().graphs().containsKey(BundleContract.Role.GENERATE)
        || bundle.manifest().graphs().containsKey(BundleContract.Role.DECODE)
        || bundle.manifest().graphs().containsKey(BundleContract.Role.CONDITIONALS);
  }

  /**
   * Draws samples.
   *
   * @param bundle the bundle
   * @param n number of samples, 1..4096
   * @param temperature flows and latent-variable models: standard deviation of the latent Gaussian
   *     (1 is the model itself; below 1 gives cleaner images)
   * @param seed random seed
   * @param options ONNX Runtime options
   * @return the samples
   * @throws IllegalArgumentException if the bundle has no graph to sample from
   */
  public static Samples sample(
      Bundle bundle, int n, double temperature, long seed, OnnxOptions options) {
    return sample(bundle, n, temperature, seed, options, null);
  }

  /**
   * Draws samples, from a conditional bundle (cvae) under one class.
   *
   * @param bundle the bundle
   * @param n number of samples, 1..4096
   * @param temperature flows and latent-variable models: standard deviation of the latent Gaussian
   * @param seed random seed; the same seed gives the same latent draws under every class
   * @param options ONNX Runtime options
   * @param condition a class of the bundle's condition; null draws sample i of a conditional bundle
   *     under class i modulo the number of classes; must be null for other bundles
   * @return the samples
   * @throws IllegalArgumentException if the bundle has no graph to sample from, or the condition is
   *     unknown or given to an unconditional bundle
   */
  public static Samples sample(
      Bundle bundle, int n, double temperature, long seed, OnnxOptions options, String condition) {
    Condition c = bundle.manifest().condition();
    if (c == null && condition != null) {
      throw new IllegalArgumentException(bundle.dir() + " takes no condition, found " + condition);
    }
    int[] classes = null;
    if (c != null) {
      classes = new int[Math.max(0, n)];
      for (int i = 0; i < classes.length; i++) {
        classes[i] = condition == null ? i % c.size() : c.index(condition);
      }
    }
    if (n < 1 || n > 4096) {
      throw new IllegalArgumentException("n must be in 1..4096, got " + n);
    }
    SplittableRandom random = new SplittableRandom(seed);
    try {
      if (bundle.manifest().graphs().containsKey(BundleContract.Role.GENERATE)) {
        return flow(bundle, n, temperature, random, options);
      }
      if (bundle.manifest().graphs().containsKey(BundleContract.Role.DECODE)) {
        return latent(bundle, n, temperature, random, options, classes);
      }
      if (bundle.manifest().graphs().containsKey(BundleContract.Role.CONDITIONALS)) {
        return autoregressive(bundle, n, random, options);
      }
    } catch (OrtException e) {
      throw new OnnxModelException(bundle.dir() + ": sampling failed: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        bundle.dir()
            + " (family "
            + bundle.manifest().family()
            + ") has no generate, decode or conditionals graph to sample from");
  }

  private static Samples flow(
      Bundle bundle, int n, double temperature, SplittableRandom random, OnnxOptions options)
      throws OrtException {
    int d = bundle.manifest().input().dims();
    float[] z = new float[n * d];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (temperature * gaussian(random));
    }
    List<byte[]> images = new ArrayList<>();
    double[] logPx = new double[n];
    try (OrtSession session =
            OnnxSessions.open(bundle.graphFile(BundleContract.Role.GENERATE), options);
        OnnxTensor input =
            OnnxTensor.createTensor(
                OnnxSessions.environment(), FloatBuffer.wrap(z), new long[] {n, d});
        OrtSession.Result result = session.run(Map.of(BundleContract.Tensor.LATENT, input))) {
      float[][] x = (float[][]) result.get(BundleContract.Tensor.IMAGE).get().getValue();
      float[][] lp = (float[][]) result.get(BundleContract.Tensor.LOG_PX).get().getValue();
      for (int i = 0; i < n; i++) {
        images.add(ImageGrid.toBytes(x[i]));
        logPx[i] = lp[i][0];
      }
    }
    return new Samples(images, logPx, "log p at the generated point (flow)");
  }

  private static Samples latent(
      Bundle bundle,
      int n,
      double temperature,
      SplittableRandom random,
      OnnxOptions options,
      int[] classes)
      throws OrtException {
    int noiseDims = LatentModel.noiseDims(bundle);
    InputSpec spec = bundle.manifest().input();
    int d = spec.dims();
    float[] eps = new float[n * noiseDims];
    for (int i = 0; i < eps.length; i++) {
      eps[i] = (float) (temperature * gaussian(random));
    }
    List<byte[]> images = new ArrayList<>();
    float[][] rows = new float[n][];
    try (OrtSession session =
            OnnxSessions.open(bundle.graphFile(BundleContract.Role.DECODE), options);
        OnnxTensor input =
            OnnxTensor.createTensor(
                OnnxSessions.environment(), FloatBuffer.wrap(eps), new long[] {n, noiseDims});
        OnnxTensor c = classes == null ? null : oneHot(classes, bundle.manifest().condition());
        OrtSession.Result result =
            session.run(
                c == null
                    ? Map.of(BundleContract.Tensor.NOISE, input)
                    : Map.of(
                        BundleContract.Tensor.NOISE, input, BundleContract.Tensor.CONDITION, c))) {
      float[][] x = (float[][]) result.get(BundleContract.Tensor.IMAGE).get().getValue();
      for (int i = 0; i < n; i++) {
        byte[] image = ImageGrid.toBytes(x[i]);
        images.add(image);
        rows[i] = InputSpec.toFloats(spec.binarize(image));
      }
    }
    int samples = ImportanceSampling.defaultSamples(bundle);
    double[] logPx;
    try (LatentModel bound = LatentModel.open(bundle, options, LatentModel.DEFAULT_MAX_ROWS)) {
      logPx =
          ImportanceSampling.score(bound, rows, classes, samples, ImportanceSampling.seed(bundle))
              .iwae();
    }
    return new Samples(
        images,
        logPx,
        "IWAE bound (K = "
            + samples
            + ") of log p"
            + (classes == null ? "" : " given the class")
            + " of the decoded image, rounded to 8 bits"
            + (spec.isBinarized()
                ? " and binarised at " + spec.binarizeThreshold() + " (the grid shows p(x = 1))"
                : ""));
  }

  private static OnnxTensor oneHot(int[] classes, Condition condition) throws OrtException {
    int width = condition.size();
    float[] c = new float[classes.length * width];
    for (int i = 0; i < classes.length; i++) {
      c[i * width + classes[i]] = 1f;
    }
    return OnnxTensor.createTensor(
        OnnxSessions.environment(), FloatBuffer.wrap(c), new long[] {classes.length, width});
  }

  private static Samples autoregressive(
      Bundle bundle, int n, SplittableRandom random, OnnxOptions options) throws OrtException {
    InputSpec spec = bundle.manifest().input();
    int d = spec.dims();
    float[] x = new float[n * d];
    try (OrtSession session =
        OnnxSessions.open(bundle.graphFile(BundleContract.Role.CONDITIONALS), options)) {
      for (int i : AutoregressiveOrder.of(spec)) {
        try (OnnxTensor input =
                OnnxTensor.createTensor(
                    OnnxSessions.environment(), FloatBuffer.wrap(x), new long[] {n, d});
            OrtSession.Result result = session.run(Map.of(BundleContract.Tensor.IMAGE, input))) {
          FloatBuffer logits =
              ((OnnxTensor) result.get(BundleContract.Tensor.LOGITS).get()).getFloatBuffer();
          for (int s = 0; s < n; s++) {
            x[s * d + i] = draw(logits, (s * d + i) * 256, random);
          }
        }
      }
    }
    float[][] rows = new float[n][d];
    List<byte[]> images = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      System.arraycopy(x, s * d, rows[s], 0, d);
      images.add(ImageGrid.toBytes(rows[s]));
    }
    double[] logPx;
    try (DensityModel density = DensityModel.open(bundle, options)) {
      logPx = density.score(rows).logPx();
    }
    return new Samples(images, logPx, "exact log p of the drawn image");
  }

  private static int draw(FloatBuffer logits, int offset, SplittableRandom random) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 256; k++) {
      max = Math.max(max, logits.get(offset + k));
    }
    double[] p = new double[256];
    double sum = 0;
    for (int k = 0; k < 256; k++) {
      p[k] = Math.exp(logits.get(offset + k) - max);
      sum += p[k];
    }
    double u = random.nextDouble() * sum;
    for (int k = 0; k < 256; k++) {
      u -= p[k];
      if (u <= 0) {
        return k;
      }
    }
    return 255;
  }

  /** Box-Muller; one normal deviate per call. */
  static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
