package io.flowspect.trainer.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Condition;
import io.flowspect.core.data.ImageRecord;
import io.flowspect.core.onnx.LatentModel;
import io.flowspect.core.onnx.LatentResult;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Bits;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.core.score.PngCompressor;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.export.BundleWeights;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.ConditionalLatentNetwork;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import io.flowspect.trainer.train.LatentEvaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance lines for latent-variable models, through the whole path (export, bundle
 * verification, core's scorer and seeded noise):
 *
 * <ul>
 *   <li>parity: for the same noise, ELBO, IWAE and LLR^{&gt;k} from ONNX Runtime Java equal the DJL
 *       model's within 1e-4 bits/dim;
 *   <li>bound ordering: IWAE is never below the ELBO of the same samples, image by image, and its
 *       mean over the batch rises as K grows from 1 to 64.
 * </ul>
 *
 * Variants: vae, hvae and cvae (each image under a given class), each with the discretised logistic
 * and with the Bernoulli decoder ("-bernoulli", binarised images).
 */
class LatentBoundsTest {

  private static final int N = 20;
  private static final int K = 64; // 20 x 64 rows: more than one ONNX Runtime call

  @TempDir Path dir;

  /** Images as records; for a conditional model image i is labelled with class i mod C. */
  private static List<ImageRecord> records(LatentNetwork model, float[] x, int n) {
    int d = model.dims();
    Condition condition = ConditionalLatentNetwork.conditionOf(model);
    List<ImageRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] chw = new byte[d];
      for (int j = 0; j < d; j++) {
        chw[j] = (byte) x[i * d + j];
      }
      String label = condition == null ? null : condition.classes().get(i % condition.size());
      out.add(new ImageRecord(Integer.toString(i), chw, label));
    }
    return out;
  }

  private static List<byte[]> chw(List<ImageRecord> records) {
    return records.stream().map(ImageRecord::chw).toList();
  }

  /** The records' labels as the scorer's per-image conditions (null for unconditional models). */
  private static List<String> labels(List<ImageRecord> records) {
    return records.get(0).label() == null
        ? null
        : records.stream().map(ImageRecord::label).toList();
  }

  /** A tiny model of a variant: the family, then "-bernoulli" for a binarised Bernoulli decoder. */
  static LatentNetwork model(String variant, int samples) {
    Family family = Family.parse(variant.replace("-bernoulli", ""));
    Likelihood likelihood =
        variant.endsWith("-bernoulli") ? Likelihood.BERNOULLI : Likelihood.LOGISTIC;
    return TinyModels.latent(family, samples, likelihood);
  }

  private Bundle export(LatentNetwork model, ParamStore store) {
    BundleExporter.export(
        model,
        store,
        dir,
        new BundleExporter.Details(
            "tiny-" + model.family().id(), "1", "sha256:00", Map.of(), Map.of()));
    return Bundle.open(dir);
  }

  /** elbo_bpd, a score added by one constant in Score: the ELBO on the bits/dim scale. */
  @Test
  void elboBitsPerDimIsTheElboOnTheBitsPerDimScale() {
    LatentNetwork model = model("vae", K);
    int d = model.dims();
    float[] x = TinyModels.images(model.input(), N, 3);
    List<ImageRecord> images = records(model, x, N);
    try (ParamStore store = TinyModels.trainedLike(model, x, N);
        Scorer scorer = Scorer.open(export(model, store), OnnxOptions.cpu())) {
      assertThat(scorer.available()).contains(Score.ELBO_BPD);
      ScoreTable table = scorer.score(chw(images), EnumSet.of(Score.ELBO, Score.ELBO_BPD));
      for (int i = 0; i < N; i++) {
        assertThat(table.column(Score.ELBO_BPD)[i])
            .isCloseTo(-table.column(Score.ELBO)[i] / (d * Math.log(2)), within(1e-12));
      }
      assertThat(table.anomalyColumn(Score.ELBO_BPD)[0])
          .as("higher bits/dim is more anomalous, as lower ELBO is")
          .isEqualTo(table.column(Score.ELBO_BPD)[0]);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"vae", "hvae", "cvae", "vae-bernoulli", "hvae-bernoulli", "cvae-bernoulli"})
  void onnxRuntimeBoundsEqualTheTrainedModel(String variant) {
    LatentNetwork model = model(variant, K);
    int d = model.dims();
    float[] x = TinyModels.images(model.input(), N, 3);
    List<ImageRecord> images = records(model, x, N);
    try (ParamStore store = TinyModels.trainedLike(model, x, N)) {
      ImportanceSampling.Bounds djl =
          LatentEvaluator.bounds(model, store, images, K, ImportanceSampling.DEFAULT_SEED);
      Bundle bundle = export(model, store);
      Set<Score> wanted = EnumSet.of(Score.ELBO, Score.IWAE, Score.LOG_PX, Score.BPD);
      if (model.llrK() > 0) {
        wanted.add(Score.LLR_K);
      }
      try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
        assertThat(scorer.importanceSamples()).isEqualTo(K);
        assertThat(scorer.available()).containsAll(wanted);
        ScoreTable table =
            scorer.score(ScoreRequest.of(chw(images), wanted).withConditions(labels(images)));
        double worst = 0;
        for (int i = 0; i < N; i++) {
          assertThat(djl.elbo()[i]).as("ELBO of image %d is finite", i).isFinite();
          assertThat(Bits.bitsPerDim(table.column(Score.ELBO)[i], d))
              .as("%s image %d ELBO bits/dim", variant, i)
              .isCloseTo(Bits.bitsPerDim(djl.elbo()[i], d), within(1e-4));
          assertThat(Bits.bitsPerDim(table.column(Score.IWAE)[i], d))
              .as("%s image %d IWAE bits/dim", variant, i)
              .isCloseTo(Bits.bitsPerDim(djl.iwae()[i], d), within(1e-4));
          assertThat(table.column(Score.LOG_PX)[i]).isEqualTo(table.column(Score.IWAE)[i]);
          worst =
              Math.max(
                  worst, Math.abs(table.column(Score.IWAE)[i] - djl.iwae()[i]) / (d * Math.log(2)));
          if (model.llrK() > 0) {
            assertThat(table.column(Score.LLR_K)[i] / (d * Math.log(2)))
                .as("hvae image %d LLR>k in bits/dim", i)
                .isCloseTo(djl.llrK()[i] / (d * Math.log(2)), within(1e-4));
          }
        }
        System.out.printf("%s parity: largest IWAE difference %.2e bits/dim%n", variant, worst);
      }
      // A model rebuilt from the bundle alone gives the same weights.
      try (BundleWeights.Loaded loaded = BundleWeights.load(bundle)) {
        LatentResult rebuilt =
            LatentEvaluator.logWeights(
                (LatentNetwork) loaded.model(),
                loaded.params(),
                images,
                4,
                ImportanceSampling.DEFAULT_SEED);
        LatentResult original =
            LatentEvaluator.logWeights(model, store, images, 4, ImportanceSampling.DEFAULT_SEED);
        // Equal to float rounding: on a CPU where libtorch's convolution is checked shape by
        // shape, the two models' convolutions may take different kernels (measured: 1 ulp).
        float[][] a = rebuilt.logW();
        float[][] b = original.logW();
        assertThat(a.length).isEqualTo(b.length);
        for (int i = 0; i < a.length; i++) {
          for (int k = 0; k < a[i].length; k++) {
            assertThat(a[i][k]).isCloseTo(b[i][k], within(1e-5f * Math.max(1f, Math.abs(b[i][k]))));
          }
        }
      }
    }
  }

  /** Images and samples split over calls give the very weights of one call. */
  @ParameterizedTest
  @ValueSource(
      strings = {"vae", "hvae", "cvae", "vae-bernoulli", "hvae-bernoulli", "cvae-bernoulli"})
  void chunkingOverImagesAndSamplesChangesNothing(String variant) {
    LatentNetwork model = model(variant, 8);
    int d = model.dims();
    float[] x = TinyModels.images(model.input(), 5, 9);
    float[][] rows = new float[5][d];
    for (int i = 0; i < 5; i++) {
      System.arraycopy(x, i * d, rows[i], 0, d);
    }
    try (ParamStore store = TinyModels.trainedLike(model, x, 5)) {
      Bundle bundle = export(model, store);
      float[][] noise = ImportanceSampling.noise(7, rows, 8, model.noiseDims());
      int[] classes = model instanceof ConditionalLatentNetwork ? new int[] {0, 1, 2, 1, 0} : null;
      try (LatentModel whole = LatentModel.open(bundle, OnnxOptions.cpu(), 1024);
          LatentModel pieces = LatentModel.open(bundle, OnnxOptions.cpu(), 3)) {
        LatentResult a = whole.run(rows, classes, noise, false, false);
        LatentResult b = pieces.run(rows, classes, noise, false, false);
        assertThat(b.logW()).isDeepEqualTo(a.logW());
        if (model.llrK() > 0) {
          assertThat(b.logWk()).isDeepEqualTo(a.logWk());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"vae", "hvae", "cvae", "vae-bernoulli", "hvae-bernoulli", "cvae-bernoulli"})
  void iwaeIsNeverBelowTheElboAndRisesWithK(String variant) {
    LatentNetwork model = model(variant, 64);
    int d = model.dims();
    int n = 400;
    float[] x = TinyModels.images(model.input(), n, 5);
    List<ImageRecord> records = records(model, x, n);
    List<byte[]> images = chw(records);
    try (ParamStore store = TinyModels.trainedLike(model, x, n)) {
      Bundle bundle = export(model, store);
      int[] ks = {1, 2, 4, 8, 16, 32, 64};
      double[] means = new double[ks.length];
      double smallestGap = Double.POSITIVE_INFINITY;
      for (int j = 0; j < ks.length; j++) {
        try (Scorer scorer =
            Scorer.open(bundle, OnnxOptions.cpu(), PngCompressor.INSTANCE, 64, ks[j])) {
          ScoreTable t =
              scorer.score(
                  ScoreRequest.of(images, EnumSet.of(Score.ELBO, Score.IWAE))
                      .withConditions(labels(records)));
          double sum = 0;
          for (int i = 0; i < n; i++) {
            double iwae = t.column(Score.IWAE)[i];
            double elbo = t.column(Score.ELBO)[i];
            assertThat(iwae)
                .as("K = %d, image %d: IWAE %f is never below the ELBO %f", ks[j], i, iwae, elbo)
                .isGreaterThanOrEqualTo(elbo - 1e-9 * Math.abs(elbo));
            if (ks[j] == 1) {
              assertThat(iwae).as("one sample: IWAE = ELBO").isCloseTo(elbo, within(1e-9));
            } else {
              smallestGap = Math.min(smallestGap, iwae - elbo);
            }
            sum += iwae;
          }
          means[j] = Bits.bitsPerDim(sum / n, d);
        }
      }
      System.out.printf(
          "%s: mean IWAE bits/dim by K %s: %s; smallest IWAE - ELBO gap (K > 1) %.3g nats%n",
          variant, java.util.Arrays.toString(ks), java.util.Arrays.toString(means), smallestGap);
      for (int j = 1; j < ks.length; j++) {
        assertThat(means[j])
            .as("%s mean IWAE bits/dim at K = %d below K = %d", variant, ks[j], ks[j - 1])
            .isLessThan(means[j - 1]);
      }
    }
  }

  /**
   * The VAE's evidence map: ONNX Runtime's {@code pixel_nll} equals the DJL model's decoder NLL at
   * the posterior mean, sub-pixel by sub-pixel; it is fetched only when a map is asked for, and
   * chunking over samples does not change it.
   */
  @org.junit.jupiter.api.Test
  void vaeReconstructionMapEqualsTheTrainedModelAndComesOnlyWithMaps() {
    LatentNetwork model = TinyModels.latent(Family.VAE, 8);
    int d = model.dims();
    int n = 6;
    float[] x = TinyModels.images(n, d, 11);
    List<ImageRecord> images = records(model, x, n);
    try (ParamStore store = TinyModels.trainedLike(model, x, n)) {
      float[] djl = djlMap(store, x, n, d, (ops, batch) -> model.reconstructionNll(ops, batch));
      Bundle bundle = export(model, store);
      try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
        assertThat(scorer.hasPixelNll()).isTrue();
        assertThat(scorer.supportsMap(io.flowspect.core.local.MapKind.PIXEL_NLL)).isTrue();
        ScoreTable plain = scorer.score(chw(images), EnumSet.of(Score.IWAE));
        assertThat(plain.pixelNll()).as("no map asked for, none computed").isNull();
        ScoreTable mapped =
            scorer.score(
                ScoreRequest.of(chw(images), EnumSet.of(Score.IWAE))
                    .withMap(io.flowspect.core.local.MapKind.PIXEL_NLL));
        assertThat(mapped.column(Score.IWAE)).isEqualTo(plain.column(Score.IWAE));
        double worst = 0;
        for (int i = 0; i < n; i++) {
          float[] onnx = mapped.pixelNll()[i];
          assertThat(onnx).hasSize(d);
          for (int j = 0; j < d; j++) {
            assertThat((double) onnx[j])
                .as("image %d sub-pixel %d NLL", i, j)
                .isCloseTo(djl[i * d + j], within(1e-4));
            assertThat(onnx[j]).as("a negative log-probability").isGreaterThan(-1e-5f);
            worst = Math.max(worst, Math.abs(onnx[j] - djl[i * d + j]));
          }
        }
        System.out.printf("vae pixel_nll parity: largest difference %.2e nats%n", worst);
      }
      float[][] rows = new float[n][d];
      for (int i = 0; i < n; i++) {
        System.arraycopy(x, i * d, rows[i], 0, d);
      }
      float[][] noise = ImportanceSampling.noise(3, rows, 8, model.noiseDims());
      try (LatentModel whole = LatentModel.open(bundle, OnnxOptions.cpu(), 1024);
          LatentModel pieces = LatentModel.open(bundle, OnnxOptions.cpu(), 3)) {
        LatentResult a = whole.run(rows, null, noise, true, false);
        LatentResult b = pieces.run(rows, null, noise, true, false);
        assertThat(b.pixelNll()).isDeepEqualTo(a.pixelNll());
        assertThat(b.logW()).isDeepEqualTo(a.logW());
        assertThat(whole.run(rows, noise).pixelNll()).isNull();
      }
    }
  }

  /**
   * The VAE's signed map: ONNX Runtime's {@code pixel_cdf} equals the DJL model's mid-distribution
   * CDF at the posterior mean, and it is consistent with the NLL map of the same pixel: half the
   * pixel's own probability exp(-nll) lies on each side of u, exactly at the edge levels 0 and 255
   * (which own the tails), and within (0, 1) elsewhere.
   */
  @org.junit.jupiter.api.Test
  void vaeCdfMapEqualsTheTrainedModelAndAgreesWithItsNll() {
    LatentNetwork model = TinyModels.latent(Family.VAE, 8);
    int d = model.dims();
    int n = 5;
    float[] x = TinyModels.images(n, d, 12);
    for (int i = 0; i < n; i++) {
      x[i * d] = 0;
      x[i * d + 1] = 255;
    }
    try (ParamStore store = TinyModels.trainedLike(model, x, n)) {
      float[] djl = djlMap(store, x, n, d, (ops, batch) -> model.reconstructionCdf(ops, batch));
      Bundle bundle = export(model, store);
      float[][] rows = new float[n][d];
      for (int i = 0; i < n; i++) {
        System.arraycopy(x, i * d, rows[i], 0, d);
      }
      float[][] noise = ImportanceSampling.noise(3, rows, 2, model.noiseDims());
      try (LatentModel onnx = LatentModel.open(bundle, OnnxOptions.cpu(), 1024)) {
        assertThat(onnx.hasPixelCdf()).isTrue();
        LatentResult r = onnx.run(rows, null, noise, true, true);
        assertThat(onnx.run(rows, null, noise, true, false).pixelCdf()).isNull();
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            double u = r.pixelCdf()[i][j];
            double own = Math.exp(-r.pixelNll()[i][j]);
            assertThat(u)
                .as("image %d sub-pixel %d CDF", i, j)
                .isCloseTo(djl[i * d + j], within(1e-5));
            assertThat(u).isBetween(0.0, 1.0);
            if (x[i * d + j] == 0) {
              assertThat(u).as("level 0: u = p / 2").isCloseTo(own / 2, within(1e-5));
            } else if (x[i * d + j] == 255) {
              assertThat(1 - u).as("level 255: 1 - u = p / 2").isCloseTo(own / 2, within(1e-5));
            } else {
              assertThat(Math.min(u, 1 - u))
                  .as("half the own mass on each side")
                  .isGreaterThanOrEqualTo(own / 2 - 1e-5);
            }
          }
        }
      }
    }
  }

  /** A per-pixel map computed by the DJL model, [n * d]. */
  private static float[] djlMap(
      ParamStore store,
      float[] x,
      int n,
      int d,
      java.util.function.BiFunction<
              io.flowspect.trainer.graph.DjlOps, ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray>
          map) {
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      io.flowspect.trainer.graph.DjlOps ops = new io.flowspect.trainer.graph.DjlOps(store, manager);
      return map.apply(ops, manager.create(x, new ai.djl.ndarray.types.Shape(n, d))).toFloatArray();
    }
  }
}
