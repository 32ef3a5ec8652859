package io.flowspect.trainer.autoregressive;

import io.flowspect.core.image.InputSpec;

/**
 * A masked autoregressive flow: {@code mades} Gaussian MADEs with alternating orders (one MADE is
 * the {@code made} family).
 *
 * @param input image shape, flattened to D = C * H * W
 * @param mades number of stacked MADEs
 * @param hidden units of each MADE's hidden layers
 * @param hiddenLayers hidden layers per MADE
 */
public record MafConfig(InputSpec input, int mades, int hidden, int hiddenLayers) {

  public MafConfig {
    if (mades < 1 || hidden < 1 || hiddenLayers < 1) {
      throw new IllegalArgumentException(
          "mades, hidden and hidden layers must be positive, found "
              + mades
              + ", "
              + hidden
              + ", "
              + hiddenLayers);
    }
  }
}
