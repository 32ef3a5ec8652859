package io.flowspect.trainer.model;

import io.flowspect.trainer.graph.Ops;

/**
 * A model of the distribution of 8-bit images with an exact log-likelihood, written once against
 * {@link Ops} so that training (DJL) and scoring (ONNX) run the same arithmetic.
 */
public interface DensityNetwork extends GenerativeNetwork {

  /**
   * Log-likelihood of each image.
   *
   * @param x raw pixel values [N, D], 0..255
   * @param noise dequantisation offsets in [0, 1): [N, D] uniform noise while training, the scalar
   *     0.5 (the bin centre) when evaluating; ignored by discrete models
   */
  <T> DensityOutputs<T> logDensity(Ops<T> ops, T x, T noise);
}
