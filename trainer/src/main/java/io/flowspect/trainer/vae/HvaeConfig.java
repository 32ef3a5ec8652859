package io.flowspect.trainer.vae;

import io.flowspect.core.image.InputSpec;

/**
 * A hierarchical VAE: a spatial bottom latent and dense latents above it.
 *
 * @param input image shape; height and width divisible by 4
 * @param hidden feature maps of the convolutions (dense layers are 4 x hidden wide)
 * @param latentChannels channels of the bottom latent, a map at H/4 x W/4
 * @param latent dimensions of each dense latent
 * @param latentLayers stochastic layers, at least 2: the bottom one and latentLayers - 1 dense ones
 * @param llrK the k of LLR^{>k}: how many of the lowest layers the L^{>k} bound takes from their
 *     conditional prior, 1..latentLayers - 1
 * @param klWarmup steps over which the KL weight rises from 0 to 1 (0: none)
 * @param freeBits nats of KL per latent dimension (batch mean) the objective does not penalise
 * @param importanceSamples K, the importance samples per image the scorer takes by default
 * @param seed initial weights
 * @param likelihood the decoder likelihood; {@link Likelihood#BERNOULLI} needs a binarising input
 */
public record HvaeConfig(
    InputSpec input,
    int hidden,
    int latentChannels,
    int latent,
    int latentLayers,
    int llrK,
    int klWarmup,
    double freeBits,
    int importanceSamples,
    long seed,
    Likelihood likelihood) {

  public HvaeConfig {
    ConvCoder.requireQuarterable(input, "hvae");
    ConvCoder.requireBinarizedFor(input, likelihood, "hvae");
    LatentSettings.check(hidden, latent, klWarmup, freeBits, importanceSamples);
    if (latentChannels < 1) {
      throw new IllegalArgumentException(
          "--latent-channels must be at least 1, found " + latentChannels);
    }
    if (latentLayers < 2 || latentLayers > 8) {
      throw new IllegalArgumentException(
          "--latent-layers of an hvae must be in 2..8, found " + latentLayers);
    }
    if (llrK < 1 || llrK >= latentLayers) {
      throw new IllegalArgumentException(
          "--llr-k must be in 1.."
              + (latentLayers - 1)
              + " for "
              + latentLayers
              + " latent layers, found "
              + llrK);
    }
  }
}
