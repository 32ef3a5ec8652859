package io.flowspect.trainer.model;

import io.flowspect.trainer.graph.Ops;

/** A flow that also runs backwards: Gaussian noise to images, in one parallel pass. */
public interface InvertibleFlow extends DensityNetwork {

  /**
   * Maps standardised latents back to images.
   *
   * @param latent [N, D] standard-normal noise (scaled by a temperature for sampling), in the
   *     layout of {@link DensityOutputs#latent()}
   * @param noise the dequantisation offset used on the way in (the scalar 0.5 to invert scoring)
   * @return the images [N, D] as continuous pixel values (not rounded) and their log-density (of
   *     the continuous image at that point, minus D ln 256, in nats)
   */
  <T> Sample<T> generate(Ops<T> ops, T latent, T noise);

  /** Images and their log-density. */
  record Sample<T>(T x, T logPx) {}
}
