package io.flowspect.trainer.vae;

import io.flowspect.core.image.InputSpec;

/**
 * What a VAE with a dense latent is configured with, as {@link VaeConfig}'s record accessors
 * provide it, so that {@link DenseVae} depends on the settings and not on the record.
 */
interface VaeSettings {

  /** The image the model takes. */
  InputSpec input();

  /** Channels of the convolutional encoder and decoder. */
  int hidden();

  /** Dimensions of z. */
  int latent();

  /** Steps over which the KL term's weight rises from 0 to 1. */
  int klWarmup();

  /** Nats per latent dimension below which the KL term is not pushed down. */
  double freeBits();

  /** Posterior samples K of the IWAE bound when scoring. */
  int importanceSamples();

  /** The initialisation seed. */
  long seed();

  /** What p(x | z) is. */
  Likelihood likelihood();
}
