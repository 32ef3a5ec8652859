package io.flowspect.trainer.model;

/**
 * What one forward pass gives.
 *
 * @param logPx natural log of the discrete likelihood of each image, shape [N] (nats)
 * @param pixelNll per-pixel conditional negative log-likelihood [N, D] (nats), autoregressive
 *     models only, else null
 * @param logits per-sub-pixel unnormalised log-probabilities [N, D * 256] (PixelCNN), else null
 * @param latent standardised latent [N, D] (flows: the Gaussian noise that regenerates the image),
 *     else null
 */
public record DensityOutputs<T>(T logPx, T pixelNll, T logits, T latent) {

  public static <T> DensityOutputs<T> of(T logPx) {
    return new DensityOutputs<>(logPx, null, null, null);
  }
}
