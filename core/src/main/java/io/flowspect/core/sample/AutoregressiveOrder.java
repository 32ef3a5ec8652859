package io.flowspect.core.sample;

import io.flowspect.core.image.InputSpec;

/**
 * The order in which an autoregressive image model (PixelCNN) generates sub-pixels: pixels in
 * raster order (row by row, left to right) and, within a pixel, the channels R, G, B. Returned as
 * indices into the CHW layout of {@link InputSpec}, so for RGB the order is not the CHW index
 * order: sub-pixel (c, y, x) is at {@code (c * height + y) * width + x}.
 *
 * <p>Sampling and purification both walk this order; it is defined once here.
 */
public final class AutoregressiveOrder {

  private AutoregressiveOrder() {}

  /**
   * Returns the CHW indices in generation order.
   *
   * @param spec the input
   * @return {@code spec.dims()} distinct indices
   */
  public static int[] of(InputSpec spec) {
    int plane = spec.height() * spec.width();
    int channels = spec.channels();
    int[] order = new int[spec.dims()];
    int k = 0;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < channels; c++) {
        order[k++] = c * plane + p;
      }
    }
    return order;
  }
}
