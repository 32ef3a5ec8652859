package io.flowspect.trainer.mintnet;

import io.flowspect.core.image.InputSpec;

/**
 * MintNet's size.
 *
 * @param input image shape
 * @param layers invertible masked layers, alternating between the raster order and its reverse
 * @param filters feature maps of each layer's masked conditioner
 * @param kernel odd kernel side of the masked convolutions
 */
public record MintNetConfig(InputSpec input, int layers, int filters, int kernel) {

  public MintNetConfig {
    if (layers < 1 || filters < 1 || kernel < 3 || kernel % 2 == 0) {
      throw new IllegalArgumentException(
          "mintnet needs at least 1 layer and 1 filter and an odd kernel of at least 3, found "
              + layers
              + ", "
              + filters
              + ", "
              + kernel);
    }
  }
}
