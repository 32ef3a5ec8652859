package io.flowspect.trainer.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowspect.core.image.InputSpec;
import io.flowspect.core.image.ResizeMode;
import io.flowspect.trainer.model.Architecture;
import io.flowspect.trainer.model.Family;
import io.flowspect.trainer.model.LatentNetwork;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are checked once, with messages naming the flag and the value. */
class LatentConfigTest {

  private static final InputSpec MNIST = new InputSpec(1, 28, 28, ResizeMode.RESIZE);

  @Test
  void defaultsBuildBothFamiliesWithTheirNoiseLayout() {
    LatentNetwork vae = (LatentNetwork) Architecture.of(Family.VAE, MNIST, Map.of()).build();
    assertThat(vae.noiseDims()).isEqualTo(32);
    assertThat(vae.importanceSamples()).isEqualTo(32);
    assertThat(vae.llrK()).isZero();
    LatentNetwork hvae = (LatentNetwork) Architecture.of(Family.HVAE, MNIST, Map.of()).build();
    assertThat(hvae.noiseDims()).isEqualTo(8 * 7 * 7 + 16);
    assertThat(hvae.llrK()).isEqualTo(1);
    assertThat(hvae.hyperparameters()).containsEntry("noise_dims", 8 * 7 * 7 + 16);
  }

  @Test
  void refusesImagesThatDoNotSqueezeTwice() {
    InputSpec odd = new InputSpec(1, 30, 30, ResizeMode.RESIZE);
    assertThatThrownBy(() -> Architecture.of(Family.VAE, odd, Map.of()).build())
        .hasMessageContaining("--family vae needs height and width divisible by 4")
        .hasMessageContaining("30 x 30");
  }

  @Test
  void refusesAnLlrKOutsideTheLayers() {
    assertThatThrownBy(
            () ->
                Architecture.of(Family.HVAE, MNIST, Map.of("latent_layers", 2, "llr_k", 2)).build())
        .hasMessageContaining("--llr-k must be in 1..1")
        .hasMessageContaining("found 2");
  }

  @Test
  void refusesNegativeFreeBitsAndTooManySamples() {
    assertThatThrownBy(() -> Architecture.of(Family.VAE, MNIST, Map.of("free_bits", -1.0)).build())
        .hasMessageContaining("--free-bits");
    assertThatThrownBy(
            () -> Architecture.of(Family.VAE, MNIST, Map.of("importance_samples", 5000)).build())
        .hasMessageContaining("--importance-samples must be in 1..4096");
  }
}
