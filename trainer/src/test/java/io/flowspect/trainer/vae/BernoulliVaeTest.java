package io.flowspect.trainer.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.RasterImage;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreTable;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.export.BundleWeights;
import io.flowspect.trainer.graph.DjlOps;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Bernoulli decoder likelihood and the binarisation core applies before it. */
class BernoulliVaeTest {

  @TempDir Path dir;

  @Test
  void logProbIsTheBernoulliLogLikelihoodOfTheBinaryPixels() {
    ParamStore store = ParamStore.initialise(List.of(), 1);
    try (NDManager manager = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      DjlOps ops = new DjlOps(store, manager);
      float[] x = {0, 255, 255, 0};
      float[] logits = {0f, 2f, -3f, 40f};
      float[] lp =
          Bernoulli.logProb(
                  ops, manager.create(x, new Shape(1, 4)), manager.create(logits, new Shape(1, 4)))
              .toFloatArray();
      double expected =
          Math.log(0.5) // x = 0, p = 1/2
              + Math.log(1 / (1 + Math.exp(-2))) // x = 1, sigma(2)
              + Math.log(1 / (1 + Math.exp(3))) // x = 1, sigma(-3)
              - 40; // x = 0 with logit 40: log sigma(-40) = -40 to float precision
      assertThat((double) lp[0]).isCloseTo(expected, within(1e-4));
      float[] pixels =
          Bernoulli.pixels(ops, manager.create(logits, new Shape(1, 4))).toFloatArray();
      assertThat(pixels[0]).isCloseTo(127.5f, within(1e-4f));
      assertThat(pixels[3]).isCloseTo(255f, within(1e-3f));
    }
  }

  @Test
  void aBernoulliDecoderNeedsABinarisingInput() {
    assertThatThrownBy(
            () ->
                new VaeConfig(
                    Family.VAE, TinyModels.INPUT, 8, 4, 0, 0.0, 4, 1L, Likelihood.BERNOULLI, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--likelihood bernoulli needs a binarised input contract");
    assertThatThrownBy(() -> Likelihood.parse("gaussian"))
        .hasMessageContaining("--likelihood gaussian is unknown");
  }

  /**
   * Scoring an 8-bit image through core binarises it first: values moved without crossing the
   * threshold change no score, one pixel moved across it does; raw bytes handed to the scorer are
   * binarised the same way.
   */
  @Test
  void coreBinarisesEightBitImagesBeforeScoring() {
    LatentNetwork model = TinyModels.latent(Family.VAE, 8, Likelihood.BERNOULLI);
    InputSpec spec = model.input();
    float[] x = TinyModels.images(spec, 4, 3);
    try (ParamStore store = TinyModels.trainedLike(model, x, 4)) {
      BundleExporter.export(
          model,
          store,
          dir,
          new BundleExporter.Details("tiny-bernoulli", "1", "sha256:00", Map.of(), Map.of()));
      Bundle bundle = Bundle.open(dir);
      assertThat(bundle.manifest().input()).isEqualTo(spec);
      assertThat(bundle.manifest().input().binarizeThreshold()).isEqualTo(128);
      try (BundleWeights.Loaded loaded = BundleWeights.load(bundle)) {
        assertThat(loaded.model().hyperparameters()).containsEntry("likelihood", "bernoulli");
        assertThat(loaded.model().input()).isEqualTo(spec);
      }

      SplittableRandom random = new SplittableRandom(17);
      byte[] a = new byte[64];
      for (int i = 0; i < a.length; i++) {
        a[i] = (byte) random.nextInt(256);
      }
      byte[] sameSide = new byte[64];
      for (int i = 0; i < a.length; i++) {
        int v = a[i] & 0xFF;
        sameSide[i] = (byte) (v < 128 ? (v + 37) % 128 : 128 + (v - 128 + 41) % 128);
      }
      byte[] crossed = a.clone();
      crossed[10] = (byte) ((a[10] & 0xFF) < 128 ? 200 : 20);
      assertThat(sameSide).isNotEqualTo(a);

      try (Scorer scorer = Scorer.open(bundle, OnnxOptions.cpu())) {
        List<byte[]> chw =
            List.of(
                spec.toChw(new RasterImage(8, 8, 1, a)),
                spec.toChw(new RasterImage(8, 8, 1, sameSide)),
                spec.toChw(new RasterImage(8, 8, 1, crossed)));
        ScoreTable t = scorer.score(chw, EnumSet.of(Score.IWAE, Score.ELBO, Score.COMPLEXITY));
        double[] iwae = t.column(Score.IWAE);
        System.out.printf(
            "bernoulli: IWAE of the image %.4f, moved below the threshold %.4f, one pixel across"
                + " it %.4f nats%n",
            iwae[0], iwae[1], iwae[2]);
        assertThat(iwae[1]).isEqualTo(iwae[0]);
        assertThat(t.column(Score.COMPLEXITY)[1]).isEqualTo(t.column(Score.COMPLEXITY)[0]);
        assertThat(iwae[2]).isNotEqualTo(iwae[0]);

        ScoreTable raw = scorer.score(List.of(a, sameSide), EnumSet.of(Score.IWAE));
        assertThat(raw.column(Score.IWAE)).containsExactly(iwae[0], iwae[0]);
      }
    }
  }
}
