package io.flowspect.trainer.model;

/**
 * What one forward pass gives.
 *
 * @param logPx natural log of the discrete likelihood of each image, shape [N] (nats)
 * @param pixelNll per-pixel conditional negative log-likelihood [N, D] (nats), autoregressive
 *     models only, else null
 * @param pixelCdf builds the per-pixel mid-distribution CDF P(X_i &lt; x_i | x_&lt;i) + P(X_i = x_i
 *     | x_&lt;i) / 2 [N, D] (PixelCNN), else null: the signed companion of {@code pixelNll}, built
 *     only when asked so that training never pays for it
 * @param logits per-sub-pixel unnormalised log-probabilities [N, D * 256] (PixelCNN), else null
 * @param latent standardised latent [N, D] (flows: the Gaussian noise that regenerates the image),
 *     else null
 */
public record DensityOutputs<T>(
    T logPx, T pixelNll, java.util.function.Supplier<T> pixelCdf, T logits, T latent) {

  public static <T> DensityOutputs<T> of(T logPx) {
    return new DensityOutputs<>(logPx, null, null, null, null);
  }
}
