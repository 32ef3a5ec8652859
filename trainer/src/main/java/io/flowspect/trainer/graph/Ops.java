package io.flowspect.trainer.graph;

import java.util.List;

/**
 * The operations a model's forward pass is written in, once, for two backends.
 *
 * <p>Why: the trainer computes log-densities with DJL (PyTorch, with gradients) and the scorer
 * computes them with ONNX Runtime. Writing every model against this interface means the exported
 * graph is the very same arithmetic as the trained one, so parity is a property of the design and
 * the parity tests check the backends, not a second hand-written copy of each model.
 *
 * <p>Tensors are NCHW (images) or NF (vectors); the batch dimension is dynamic and written as -1 in
 * {@link #reshape}. Scalars from {@link #scalar} broadcast against anything.
 *
 * @param <T> the backend's tensor type
 */
public interface Ops<T> {

  /** A trained parameter, declared by the model's {@link ParamSpec}s. */
  T param(String name);

  /** The current values of a parameter, for constants derived from it (an inverse weight). */
  float[] paramValues(String name);

  /** A constant tensor of the given shape (row-major values). */
  T constant(float[] values, long... shape);

  /**
   * A trained parameter times a constant 0/1 mask of the same shape (MADE's connectivity). Training
   * multiplies on every pass so that masked weights get no gradient; an export may store the
   * product instead, under the parameter's name, which halves the graph's size and is exact (the
   * mask is 0 or 1).
   *
   * @param name the parameter
   * @param mask 0/1 values, row-major, the parameter's shape
   * @param shape the parameter's shape
   */
  default T maskedParam(String name, float[] mask, long... shape) {
    return mul(param(name), constant(mask, shape));
  }

  /** A 0-d constant that broadcasts. */
  T scalar(float value);

  T add(T a, T b);

  T sub(T a, T b);

  T mul(T a, T b);

  T div(T a, T b);

  T neg(T a);

  T exp(T a);

  T log(T a);

  T tanh(T a);

  T sigmoid(T a);

  /**
   * Sine, elementwise (radians). With {@link #cos} it gives periodic input features: a diffusion
   * model's denoiser sees where a noisy value sits between two 8-bit levels.
   */
  T sin(T a);

  /** Cosine, elementwise (radians). */
  T cos(T a);

  T relu(T a);

  /**
   * The unit step: 1 where {@code a > 0}, else 0 (ONNX Greater then Cast). It carries no gradient,
   * so only models fitted without gradients use it: a piecewise-linear map's slope in the bin that
   * holds each value.
   */
  T step(T a);

  /** Matrix product of [N, K] by [K, M]. */
  T matmul(T a, T b);

  /**
   * 2-D convolution, stride 1, symmetric zero padding.
   *
   * @param x input [N, Cin, H, W]
   * @param weight [Cout, Cin, k, k]
   * @param bias [Cout] or null
   */
  T conv2d(T x, T weight, T bias, int padding);

  /** Reshape; -1 infers one dimension (the batch). */
  T reshape(T x, long... shape);

  /**
   * Reshape that keeps the first (batch) axis as it is and reshapes the rest of each row to {@code
   * shape}, where one entry may be -1: for splitting [N, K * w] into [N, K, w] when neither N nor K
   * is fixed in the graph (ONNX Reshape's 0, "copy this dimension").
   */
  T reshapeKeepBatch(T x, long... shape);

  T transpose(T x, int... perm);

  /** Elements [start, end) along one axis. */
  T slice(T x, int axis, long start, long end);

  T concat(int axis, List<T> parts);

  /** Sum over the given axes, which are removed. */
  T sum(T x, int... axes);

  /**
   * Running sum along one axis, the shape kept: element i is the sum of elements 0..i (PyTorch's
   * cumsum, ONNX's CumSum). What lets NADE share one hidden layer across all D conditionals in O(D
   * H) instead of D separate passes.
   */
  T cumsum(T x, int axis);

  T logSoftmax(T x, int axis);

  /**
   * Picks x's entries along {@code axis} at the integer positions held (as floats) in {@code
   * index}, which has x's shape except size 1 along that axis (PyTorch's gather, ONNX's
   * GatherElements).
   */
  T gather(T x, T index, int axis);

  /**
   * Data-dependent initialisation of an affine normalisation (Glow's actnorm): sets {@code shift}
   * and {@code logScale} so that the output has zero mean and unit variance per channel on this
   * batch. Backends that only evaluate (ONNX export) ignore it.
   */
  default void initActNorm(String shift, String logScale, T x) {}
}
