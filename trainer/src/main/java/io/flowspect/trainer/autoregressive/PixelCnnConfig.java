package io.flowspect.trainer.autoregressive;

import io.flowspect.core.image.InputSpec;

/**
 * A PixelCNN: a 7x7 type-A masked convolution, gated residual blocks of 3x3 type-B masked
 * convolutions, and a 256-way softmax per sub-pixel.
 *
 * @param input image shape (any channel count: channels are ordered R, G, B within a pixel)
 * @param filters feature maps; divisible by the channel count
 * @param blocks gated residual blocks
 * @param seed initial weights
 */
public record PixelCnnConfig(InputSpec input, int filters, int blocks, long seed) {

  public PixelCnnConfig {
    if (filters < 1 || blocks < 0 || filters % input.channels() != 0) {
      throw new IllegalArgumentException(
          "PixelCNN filters must be positive and divisible by the "
              + input.channels()
              + " channels, and blocks non-negative; found filters "
              + filters
              + ", blocks "
              + blocks);
    }
  }
}
