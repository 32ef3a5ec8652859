package io.flowspect.trainer.vae;

/** Checks of the settings every VAE has, with messages naming the flag. */
final class LatentSettings {

  /** The most importance samples a bundle may ask for by default. */
  static final int MAX_IMPORTANCE_SAMPLES = 4096;

  private LatentSettings() {}

  static void check(int hidden, int latent, int klWarmup, double freeBits, int samples) {
    if (hidden < 1) {
      throw new IllegalArgumentException("--hidden must be at least 1, found " + hidden);
    }
    if (latent < 1) {
      throw new IllegalArgumentException("--latent must be at least 1, found " + latent);
    }
    if (klWarmup < 0) {
      throw new IllegalArgumentException("--kl-warmup must not be negative, found " + klWarmup);
    }
    if (!(freeBits >= 0) || Double.isInfinite(freeBits)) {
      throw new IllegalArgumentException(
          "--free-bits must be a non-negative number of nats, found " + freeBits);
    }
    if (samples < 1 || samples > MAX_IMPORTANCE_SAMPLES) {
      throw new IllegalArgumentException(
          "--importance-samples must be in 1.." + MAX_IMPORTANCE_SAMPLES + ", found " + samples);
    }
  }
}
