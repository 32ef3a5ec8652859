package io.flowspect.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A stride-1 convolution written as shifted copies of the input and one matrix product, so that its
 * gradients come from slicing, padding and matrix-product kernels only.
 *
 * <p>Why: libtorch 2.7's own convolution backward (oneDNN) returns NaN input gradients for finite
 * inputs on some CPUs, at random (seen on an AMD EPYC with AVX-512: 77 of 200 backward passes of a
 * 64 x 32 x 4 x 4 batch; never in the weight gradients, never in this form). The training loop
 * switches to this form when it sees it happen. It needs k x k times the input's memory and runs 2
 * to 9 times slower than the native kernel, which is why it is not the default.
 */
final class UnfoldedConvolution {

  private UnfoldedConvolution() {}

  /**
   * @param x [N, C, H, W]
   * @param weight [O, C, k, k]
   * @param bias [O], or null
   * @param padding zeros added on each side
   * @return [N, O, H + 2 padding - k + 1, W + 2 padding - k + 1], as the native convolution gives
   */
  static NDArray apply(NDArray x, NDArray weight, NDArray bias, int padding) {
    long[] in = x.getShape().getShape();
    long[] w = weight.getShape().getShape();
    long n = in[0];
    long channels = in[1];
    long outChannels = w[0];
    int kh = (int) w[2];
    int kw = (int) w[3];
    long outH = in[2] + 2L * padding - kh + 1;
    long outW = in[3] + 2L * padding - kw + 1;
    NDArray padded = padding == 0 ? x : x.pad(new Shape(padding, padding, padding, padding), 0f);
    NDArray columns;
    if (kh == 1 && kw == 1) {
      columns = padded;
    } else {
      NDList shifted = new NDList(kh * kw);
      for (int dy = 0; dy < kh; dy++) {
        for (int dx = 0; dx < kw; dx++) {
          shifted.add(padded.get(new NDIndex(":, :, {}:{}, {}:{}", dy, dy + outH, dx, dx + outW)));
        }
      }
      // [N, C, k*k, outH, outW]: channel-major, then kernel row, then kernel column, as the weight.
      columns = NDArrays.stack(shifted, 2);
    }
    NDArray flat = columns.reshape(n, channels * kh * kw, outH * outW);
    NDArray y = weight.reshape(outChannels, channels * kh * kw).matMul(flat);
    y = y.reshape(n, outChannels, outH, outW);
    return bias == null ? y : y.add(bias.reshape(1, outChannels, 1, 1));
  }
}
