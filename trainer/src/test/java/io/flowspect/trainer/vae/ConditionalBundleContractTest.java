package io.flowspect.trainer.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.bundle.Bundle;
import io.flowspect.core.bundle.Manifest;
import io.flowspect.core.onnx.LatentModel;
import io.flowspect.core.onnx.OnnxModelException;
import io.flowspect.core.onnx.OnnxOptions;
import io.flowspect.core.score.ImportanceSampling;
import io.flowspect.core.score.Score;
import io.flowspect.core.score.ScoreRequest;
import io.flowspect.core.score.Scorer;
import io.flowspect.trainer.TinyModels;
import io.flowspect.trainer.export.BundleExporter;
import io.flowspect.trainer.graph.ParamStore;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The condition contract between a bundle's manifest and its bound graph, and the errors core gives
 * for a missing or unknown class.
 */
class ConditionalBundleContractTest {

  @TempDir Path dir;

  private Bundle export(Family family, String name) {
    LatentNetwork model = TinyModels.latent(family, 4);
    float[] x = TinyModels.images(model.input(), 2, 1);
    try (ParamStore store = TinyModels.trainedLike(model, x, 2)) {
      BundleExporter.export(
          model,
          store,
          dir.resolve(name),
          new BundleExporter.Details(name, "1", "sha256:00", Map.of(), Map.of()));
    }
    return Bundle.open(dir.resolve(name));
  }

  /** Rewrites a bundle's manifest (outside its checksums) and opens it again. */
  private static Bundle withManifest(Bundle bundle, Manifest manifest) throws IOException {
    Files.writeString(bundle.dir().resolve(Manifest.FILE_NAME), manifest.toJson());
    return Bundle.open(bundle.dir());
  }

  @Test
  void theBoundGraphMustTakeCExactlyWhenTheManifestDeclaresACondition() throws IOException {
    Bundle vae = export(Family.VAE, "vae");
    Bundle cvae = export(Family.CVAE, "cvae");
    assertThat(cvae.manifest().condition()).isEqualTo(TinyModels.CONDITION);

    Bundle claimsCondition = withManifest(vae, vae.manifest().withCondition(TinyModels.CONDITION));
    assertThatThrownBy(() -> LatentModel.open(claimsCondition, OnnxOptions.cpu(), 64))
        .isInstanceOf(OnnxModelException.class)
        .hasMessageContaining("must have exactly the inputs 'x', 'eps' and 'c'");

    Bundle lostCondition = withManifest(cvae, cvae.manifest().withCondition(null));
    assertThatThrownBy(() -> LatentModel.open(lostCondition, OnnxOptions.cpu(), 64))
        .isInstanceOf(OnnxModelException.class)
        .hasMessageContaining("(the manifest declares no condition)");
  }

  @Test
  void aMissingOrUnknownClassIsOneErrorNamingTheKnownClasses() {
    Bundle cvae = export(Family.CVAE, "cvae");
    byte[] image = new byte[64];
    float[][] rows = {new float[64]};
    try (LatentModel model = LatentModel.open(cvae, OnnxOptions.cpu(), 64);
        Scorer scorer = Scorer.open(cvae, OnnxOptions.cpu())) {
      float[][] noise = ImportanceSampling.noise(1, rows, 2, model.noiseDims());
      assertThatThrownBy(() -> model.run(rows, noise))
          .hasMessageContaining("the model is conditioned on label [a, b, c]");
      assertThatThrownBy(() -> model.run(rows, new int[] {3}, noise, false, false))
          .hasMessageContaining("class index 3, outside 0..2");
      assertThatThrownBy(() -> scorer.score(List.of(image), EnumSet.of(Score.IWAE)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "the model is conditioned on label: give one of its classes [a, b, c] for every"
                  + " image");
      assertThatThrownBy(() -> scorer.withCondition("d"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("label 'd' is not a class of the model; known classes: [a, b, c]");
      assertThatThrownBy(
              () ->
                  scorer.score(
                      ScoreRequest.of(List.of(image, image), EnumSet.of(Score.IWAE))
                          .withConditions(java.util.Arrays.asList("a", "e"))))
          .hasMessage("label 'e' is not a class of the model; known classes: [a, b, c]");
      double underB =
          scorer
              .withCondition("b")
              .score(List.of(image), EnumSet.of(Score.IWAE))
              .column(Score.IWAE)[0];
      double perImage =
          scorer.score(
                  ScoreRequest.of(List.of(image), EnumSet.of(Score.IWAE))
                      .withConditions(List.of("b")))
              .column(Score.IWAE)[0];
      assertThat(perImage).isEqualTo(underB);
    }
  }
}
