package io.flowspect.trainer.vae;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.InputSpec;

/**
 * A conditional VAE: a {@link VaeConfig} plus the condition it is conditioned on.
 *
 * @param input image shape; height and width divisible by 4
 * @param hidden feature maps of the encoder and decoder convolutions
 * @param latent dimensions of the Gaussian latent
 * @param klWarmup steps over which the KL weight rises from 0 to 1 (0: none)
 * @param freeBits nats of KL per latent dimension (batch mean) the objective does not penalise
 * @param importanceSamples K, the importance samples per image the scorer takes by default
 * @param seed initial weights
 * @param likelihood the decoder likelihood; {@link Likelihood#BERNOULLI} needs a binarising input
 * @param condition the condition's name and classes (one-hot order)
 */
public record CvaeConfig(
    InputSpec input,
    int hidden,
    int latent,
    int klWarmup,
    double freeBits,
    int importanceSamples,
    long seed,
    Likelihood likelihood,
    Condition condition)
    implements VaeSettings {

  public CvaeConfig {
    ConvCoder.requireQuarterable(input, "cvae");
    ConvCoder.requireBinarizedFor(input, likelihood, "cvae");
    LatentSettings.check(hidden, latent, klWarmup, freeBits, importanceSamples);
    if (condition == null) {
      throw new IllegalArgumentException(
          "--family cvae needs labels: --labels PATH for IDX images, or class sub-folders");
    }
  }
}
