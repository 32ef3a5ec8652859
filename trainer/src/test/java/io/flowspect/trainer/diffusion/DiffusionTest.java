package io.flowspect.trainer.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.BundleContract;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.onnx.LatentModel;
import io.flowspect.core.onnx.LatentResult;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.onnx.OnnxSessions;
import io.flowspect.core.score.Bits;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.export.BundleWeights;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.train.LatentEvaluator;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diffusion family: its schedule's constants, the bound's parity between DJL and ONNX Runtime,
 * the trajectory weights against the training objective (two estimators of one ELBO), the
 * noise-and-denoise map and sampling.
 */
class DiffusionTest {

  private static final int N = 20;

  @TempDir Path dir;

  /** 8 x 8 images, 6 steps, a two-level U-Net of 8 filters, the map from step 2. */
  static Diffusion tiny() {
    return new Diffusion(new DiffusionConfig(TinyModels.INPUT, 6, 8, 2, 2, 5L));
  }

  private static List<ImageRecord> records(float[] x, int n, int d) {
    List<ImageRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] chw = new byte[d];
      for (int j = 0; j < d; j++) {
        chw[j] = (byte) x[i * d + j];
      }
      out.add(new ImageRecord(Integer.toString(i), chw));
    }
    return out;
  }

  private Bundle export(Diffusion model, ParamStore store) {
    BundleExporter.export(
        model,
        store,
        dir,
        new BundleExporter.Details("tiny-diffusion", "1", "sha256:00", Map.of(), Map.of()));
    return Bundle.open(dir);
  }

  @Test
  void theScheduleRunsFromAThirdOfALevelToNearlyPureNoiseWithEqualStepWeights() {
    NoiseSchedule s = new NoiseSchedule(32);
    assertThat(Math.sqrt(s.oneMinusAbar(1)) * 127.5)
        .as("the first step's noise, in 8-bit levels")
        .isBetween(0.25, 0.4);
    assertThat(s.abar(32)).isCloseTo(0.00247, within(1e-5));
    for (int t = 1; t <= 32; t++) {
      assertThat(s.abar(t) + s.oneMinusAbar(t)).isCloseTo(1.0, within(1e-15));
      assertThat(s.abar(t)).isLessThan(s.abar(t - 1));
      // abar_t = abar_{t-1} (1 - beta_t)
      assertThat(s.abar(t)).isCloseTo(s.abar(t - 1) * s.alpha(t), within(1e-15));
    }
    double w = s.klWeight(2);
    for (int t = 2; t <= 32; t++) {
      assertThat(s.klWeight(t)).as("KL weight of step %d", t).isCloseTo(w, within(1e-9 * w));
      assertThat(s.posteriorVariance(t)).isLessThan(s.beta(t));
      // the posterior mean is unbiased: mu_tilde(sqrt(abar_t) x0, x0) = sqrt(abar_{t-1}) x0
      assertThat(s.posteriorX0(t) + s.posteriorXt(t) * Math.sqrt(s.abar(t)))
          .isCloseTo(Math.sqrt(s.abar(t - 1)), within(1e-10));
    }
    assertThat(w)
        .as("(SNR_{t-1} / SNR_t - 1) / 2 with log-SNR steps of 18/31")
        .isCloseTo((Math.exp(18.0 / 31) - 1) / 2, within(1e-9));
  }

  @Test
  void onnxRuntimeBoundsAndMapsEqualTheTrainedModel() {
    Diffusion model = tiny();
    int d = model.dims();
    int k = 4;
    float[] x = TinyModels.images(model.input(), N, 3);
    List<ImageRecord> images = records(x, N, d);
    try (ParamStore store = TinyModels.trainedLike(model, x, N)) {
      ImportanceSampling.Bounds djl =
          LatentEvaluator.bounds(model, store, images, k, ImportanceSampling.DEFAULT_SEED);
      Bundle bundle = export(model, store);
      try (Scorer scorer =
          Scorer.open(
              bundle, OnnxOptions.cpu(), io.flowspect.core.score.PngCompressor.INSTANCE, 64, k)) {
        assertThat(scorer.available()).contains(Score.ELBO, Score.IWAE, Score.ELBO_BPD);
        ScoreTable table =
            scorer.score(
                images.stream().map(ImageRecord::chw).toList(),
                EnumSet.of(Score.ELBO, Score.IWAE, Score.BPD));
        for (int i = 0; i < N; i++) {
          assertThat(Bits.bitsPerDim(table.column(Score.ELBO)[i], d))
              .as("image %d ELBO bits/dim", i)
              .isCloseTo(Bits.bitsPerDim(djl.elbo()[i], d), within(1e-4));
          assertThat(Bits.bitsPerDim(table.column(Score.IWAE)[i], d))
              .isCloseTo(Bits.bitsPerDim(djl.iwae()[i], d), within(1e-4));
          assertThat(table.column(Score.IWAE)[i])
              .isGreaterThanOrEqualTo(table.column(Score.ELBO)[i] - 1e-9);
        }
      }
      // the noise-and-denoise map and its CDF
      float[][] rows = new float[N][d];
      for (int i = 0; i < N; i++) {
        System.arraycopy(x, i * d, rows[i], 0, d);
      }
      float[] djlMap;
      float[] djlCdf;
      try (NDManager manager = NDManager.newBaseManager();
          NDScope scope = new NDScope()) {
        DjlOps ops = new DjlOps(store, manager);
        NDArray in = manager.create(x, new Shape(N, d));
        djlMap = model.reconstructionNll(ops, in).toFloatArray();
        djlCdf = model.reconstructionCdf(ops, in).toFloatArray();
      }
      try (LatentModel latent = LatentModel.open(bundle, OnnxOptions.cpu(), 1024)) {
        LatentResult r =
            latent.run(
                rows, null, ImportanceSampling.noise(1, rows, 1, model.noiseDims()), true, true);
        for (int i = 0; i < N; i++) {
          for (int j = 0; j < d; j++) {
            assertThat(r.pixelNll()[i][j]).isFinite();
            assertThat(r.pixelNll()[i][j])
                .isCloseTo(
                    djlMap[i * d + j], within(1e-3f * Math.max(1f, Math.abs(djlMap[i * d + j]))));
            assertThat(r.pixelCdf()[i][j]).isCloseTo(djlCdf[i * d + j], within(1e-4f));
          }
        }
      }
      // a model rebuilt from the bundle alone gives the same weights
      try (BundleWeights.Loaded loaded = BundleWeights.load(bundle)) {
        assertThat(loaded.model()).isInstanceOf(Diffusion.class);
        float[][] a =
            LatentEvaluator.logWeights(
                    (Diffusion) loaded.model(),
                    loaded.params(),
                    images,
                    2,
                    ImportanceSampling.DEFAULT_SEED)
                .logW();
        float[][] b =
            LatentEvaluator.logWeights(model, store, images, 2, ImportanceSampling.DEFAULT_SEED)
                .logW();
        for (int i = 0; i < N; i++) {
          for (int s = 0; s < 2; s++) {
            assertThat(a[i][s]).isCloseTo(b[i][s], within(1e-5f * Math.max(1f, Math.abs(b[i][s]))));
          }
        }
      }
    }
  }

  /**
   * The scorer's trajectory weights and the trainer's objective (one uniformly drawn step's KL
   * times T, the prior in closed form) are two unbiased estimators of the same ELBO: over many
   * draws their means agree within their standard errors. A wrong coefficient anywhere (a missing
   * cross term, the prior's sign, the decoder's step) moves one of them by far more.
   */
  @Test
  void trajectoryWeightsAverageToTheTrainingObjective() {
    Diffusion model = tiny();
    int d = model.dims();
    int draws = 3000;
    float[] x = TinyModels.images(model.input(), 1, 21);
    try (ParamStore store = gentle(model)) {
      float[][] w = LatentEvaluator.logWeights(model, store, records(x, 1, d), draws, 99).logW();
      double[] weights = new double[draws];
      for (int s = 0; s < draws; s++) {
        weights[s] = w[0][s];
      }
      double[] objective = new double[draws];
      int batch = 300;
      SplittableRandom random = new SplittableRandom(7);
      try (NDManager manager = NDManager.newBaseManager()) {
        DjlOps ops = new DjlOps(store, manager);
        for (int from = 0; from < draws; from += batch) {
          float[] repeated = new float[batch * d];
          for (int i = 0; i < batch; i++) {
            System.arraycopy(x, 0, repeated, i * d, d);
          }
          float[] eps = new float[batch * model.noiseDims()];
          for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) io.flowspect.trainer.graph.ParamSpec.gaussian(random);
          }
          try (NDScope scope = new NDScope()) {
            // one row per draw: the training step's loss of a batch of one image
            for (int i = 0; i < batch; i++) {
              NDArray xi =
                  manager.create(
                      java.util.Arrays.copyOfRange(repeated, i * d, (i + 1) * d), new Shape(1, d));
              NDArray ei =
                  manager.create(
                      java.util.Arrays.copyOfRange(
                          eps, i * model.noiseDims(), (i + 1) * model.noiseDims()),
                      new Shape(1, model.noiseDims()));
              float bits = model.trainingLoss(ops, xi, ei, 1, from + i).negativeElbo().getFloat();
              objective[from + i] = -bits * d * Math.log(2);
            }
          }
        }
      }
      double[] a = meanAndError(weights);
      double[] b = meanAndError(objective);
      double z = Math.abs(a[0] - b[0]) / Math.hypot(a[1], b[1]);
      System.out.printf(
          "diffusion ELBO: trajectory weights %.2f +- %.2f nats, training objective %.2f +- %.2f, z = %.2f%n",
          a[0], a[1], b[0], b[1], z);
      assertThat(z)
          .as("the two estimates of the ELBO differ by %.2f standard errors", z)
          .isLessThan(4);
      assertThat(a[1] / Math.abs(a[0]))
          .as("the estimates are precise enough to catch a wrong term")
          .isLessThan(0.002);
    }
  }

  /**
   * Initial parameters with a little seeded noise on every one, so that the zero-initialised output
   * layer predicts some noise: a denoiser of moderate gain, as training leaves it, where the
   * trainedLike noise makes the sequential sampling chain amplify rounding.
   */
  private static ParamStore gentle(Diffusion model) {
    ParamStore store = ParamStore.initialise(model.parameters(), 11);
    SplittableRandom random = new SplittableRandom(13);
    for (var spec : store.specs().values()) {
      float[] v = store.values(spec.name());
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (0.01 * io.flowspect.trainer.graph.ParamSpec.gaussian(random));
      }
      store.set(spec.name(), v);
    }
    return store;
  }

  private static double[] meanAndError(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean);
    }
    var /= v.length - 1;
    return new double[] {mean, Math.sqrt(var / v.length)};
  }

  @Test
  void ancestralSamplesFromTheExportedGraphMatchTheTrainersOwn() throws Exception {
    // 16 steps: with 6, the last steps' 1 / sqrt(alpha_t) reach 6 and the chain amplifies float
    // rounding to a tenth of a level
    Diffusion model = new Diffusion(new DiffusionConfig(TinyModels.INPUT, 16, 8, 2, 4, 5L));
    int d = model.dims();
    try (ParamStore store = gentle(model)) {
      Bundle bundle = export(model, store);
      int m = 5;
      float[] noise = new float[m * model.noiseDims()];
      SplittableRandom random = new SplittableRandom(3);
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (float) io.flowspect.trainer.graph.ParamSpec.gaussian(random);
      }
      float[] djl;
      try (NDManager manager = NDManager.newBaseManager();
          NDScope scope = new NDScope()) {
        DjlOps ops = new DjlOps(store, manager);
        djl =
            model
                .decode(ops, manager.create(noise, new Shape(m, model.noiseDims())))
                .toFloatArray();
      }
      try (OrtSession session =
              OnnxSessions.open(bundle.graphFile(BundleContract.Role.DECODE), OnnxOptions.cpu());
          OnnxTensor input =
              OnnxTensor.createTensor(
                  OnnxSessions.environment(),
                  FloatBuffer.wrap(noise),
                  new long[] {m, model.noiseDims()});
          OrtSession.Result result = session.run(Map.of(BundleContract.Tensor.NOISE, input))) {
        float[][] onnx = (float[][]) result.get(BundleContract.Tensor.IMAGE).get().getValue();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < d; j++) {
            assertThat(onnx[i][j])
                .isFinite()
                .isCloseTo(djl[i * d + j], within(1e-4f * Math.max(1f, Math.abs(djl[i * d + j]))));
          }
        }
      }
    }
  }
}
