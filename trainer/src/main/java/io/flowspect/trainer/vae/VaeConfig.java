package io.flowspect.trainer.vae;

import io.flowspect.core.bundle.Condition;
import io.flowspect.core.image.InputSpec;
import io.flowspect.trainer.model.Family;

/**
 * A VAE with one stochastic layer, plain or conditioned on a class label: the two take the same
 * settings, and the conditional one also the condition.
 *
 * @param family {@link Family#VAE} or {@link Family#CVAE}; names the family in messages
 * @param input image shape; height and width divisible by 4
 * @param hidden feature maps of the encoder and decoder convolutions
 * @param latent dimensions of the Gaussian latent
 * @param klWarmup steps over which the KL weight rises from 0 to 1 (0: none)
 * @param freeBits nats of KL per latent dimension (batch mean) the objective does not penalise
 * @param importanceSamples K, the importance samples per image the scorer takes by default
 * @param seed initial weights
 * @param likelihood the decoder likelihood; {@link Likelihood#BERNOULLI} needs a binarising input
 * @param condition the condition's name and classes (one-hot order) of a conditional family; null
 *     for the plain VAE
 */
public record VaeConfig(
    Family family,
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

  public VaeConfig {
    ConvCoder.requireQuarterable(input, family.id());
    ConvCoder.requireBinarizedFor(input, likelihood, family.id());
    LatentSettings.check(hidden, latent, klWarmup, freeBits, importanceSamples);
    if (family.conditional() && condition == null) {
      throw new IllegalArgumentException(
          "--family "
              + family.id()
              + " needs labels: --labels PATH for IDX images, or class sub-folders");
    }
  }

  /**
   * Returns the one-hot width of the condition.
   *
   * @return its number of classes, 0 for an unconditional model
   */
  int classes() {
    return condition == null ? 0 : condition.size();
  }
}
