package io.flowspect.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/**
 * {@link Ops} on DJL arrays (PyTorch engine): differentiable, used for training, validation and the
 * trainer's side of the parity tests.
 *
 * <p>Arrays it creates belong to whatever {@link ai.djl.ndarray.NDScope} is open, so a training
 * step wrapped in a scope frees all of them at its end.
 */
public final class DjlOps implements Ops<NDArray> {

  private final ParamStore params;
  private final NDManager manager;
  private boolean initialising;
  private Convolution convolution;

  /** How {@link #conv2d} computes its result and its gradients. */
  public enum Convolution {
    /** libtorch's convolution kernels: fast. */
    NATIVE,
    /** {@link UnfoldedConvolution}: slower, but its gradients never come from libtorch's kernel. */
    UNFOLDED,
    /**
     * libtorch's kernels for the shapes where {@link NativeConvolutionCheck#soundFor} finds their
     * input gradients right, {@link UnfoldedConvolution} for the others.
     */
    CHECKED
  }

  /**
   * Creates the ops; convolutions are {@link Convolution#CHECKED} where libtorch's kernels are
   * wrong for some shapes on this CPU ({@link NativeConvolutionCheck}), else native.
   *
   * @param params the parameters
   * @param manager the arrays' manager
   */
  public DjlOps(ParamStore params, NDManager manager) {
    this.params = params;
    this.manager = manager;
    this.convolution =
        NativeConvolutionCheck.nativeBackwardIsSound() ? Convolution.NATIVE : Convolution.CHECKED;
  }

  /**
   * Creates ops for passes that take no gradient (evaluation, scoring, sampling): libtorch's own
   * convolution everywhere. What {@link NativeConvolutionCheck} finds wrong on some CPUs is the
   * convolution's input gradient; its forward result is right (the parity tests compare these
   * passes with ONNX Runtime on the very small maps where the gradient fails), and the unfolded
   * fallback made a diffusion model's 32-step bound 7 times slower to evaluate than ONNX Runtime.
   *
   * @param params the parameters
   * @param manager the arrays' manager
   * @return the ops
   */
  public static DjlOps forEvaluation(ParamStore params, NDManager manager) {
    DjlOps ops = new DjlOps(params, manager);
    ops.convolution = Convolution.NATIVE;
    return ops;
  }

  /** In this mode {@link #initActNorm} sets actnorm parameters from the batch's statistics. */
  public void setInitialising(boolean initialising) {
    this.initialising = initialising;
  }

  /** The convolution in use. */
  public Convolution convolution() {
    return convolution;
  }

  /** Sets how convolutions compute from now on. */
  public void setConvolution(Convolution convolution) {
    this.convolution = convolution;
  }

  public NDManager manager() {
    return manager;
  }

  @Override
  public NDArray param(String name) {
    return params.get(name);
  }

  @Override
  public float[] paramValues(String name) {
    return params.values(name);
  }

  @Override
  public NDArray constant(float[] values, long... shape) {
    return manager.create(values, new Shape(shape));
  }

  @Override
  public NDArray scalar(float value) {
    return manager.create(value);
  }

  @Override
  public NDArray add(NDArray a, NDArray b) {
    return a.add(b);
  }

  @Override
  public NDArray sub(NDArray a, NDArray b) {
    return a.sub(b);
  }

  @Override
  public NDArray mul(NDArray a, NDArray b) {
    return a.mul(b);
  }

  @Override
  public NDArray div(NDArray a, NDArray b) {
    return a.div(b);
  }

  @Override
  public NDArray neg(NDArray a) {
    return a.neg();
  }

  @Override
  public NDArray exp(NDArray a) {
    return a.exp();
  }

  @Override
  public NDArray log(NDArray a) {
    return a.log();
  }

  @Override
  public NDArray tanh(NDArray a) {
    return a.tanh();
  }

  @Override
  public NDArray sigmoid(NDArray a) {
    return Activation.sigmoid(a);
  }

  @Override
  public NDArray sin(NDArray a) {
    return a.sin();
  }

  @Override
  public NDArray cos(NDArray a) {
    return a.cos();
  }

  @Override
  public NDArray relu(NDArray a) {
    return Activation.relu(a);
  }

  @Override
  public NDArray step(NDArray a) {
    return a.gt(0f).toType(DataType.FLOAT32, false);
  }

  @Override
  public NDArray matmul(NDArray a, NDArray b) {
    return a.matMul(b);
  }

  @Override
  public NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int padding) {
    if (convolution == Convolution.UNFOLDED
        || (convolution == Convolution.CHECKED
            && !NativeConvolutionCheck.soundFor(
                x.getShape().get(1),
                x.getShape().get(2),
                x.getShape().get(3),
                weight.getShape().get(0),
                weight.getShape().get(2),
                padding))) {
      return UnfoldedConvolution.apply(x, weight, bias, padding);
    }
    NDList out =
        Conv2d.conv2d(
            x, weight, bias, new Shape(1, 1), new Shape(padding, padding), new Shape(1, 1), 1);
    return out.singletonOrThrow();
  }

  @Override
  public NDArray reshape(NDArray x, long... shape) {
    return x.reshape(shape);
  }

  @Override
  public NDArray reshapeKeepBatch(NDArray x, long... shape) {
    long[] full = new long[shape.length + 1];
    full[0] = x.getShape().get(0);
    System.arraycopy(shape, 0, full, 1, shape.length);
    return x.reshape(full);
  }

  @Override
  public NDArray transpose(NDArray x, int... perm) {
    return x.transpose(perm);
  }

  @Override
  public NDArray slice(NDArray x, int axis, long start, long end) {
    StringBuilder index = new StringBuilder();
    for (int i = 0; i < axis; i++) {
      index.append(":,");
    }
    index.append(start).append(':').append(end);
    return x.get(new NDIndex(index.toString()));
  }

  @Override
  public NDArray concat(int axis, List<NDArray> parts) {
    return NDArrays.concat(new NDList(parts), axis);
  }

  @Override
  public NDArray sum(NDArray x, int... axes) {
    return x.sum(axes);
  }

  @Override
  public NDArray cumsum(NDArray x, int axis) {
    return x.cumSum(axis);
  }

  @Override
  public NDArray logSoftmax(NDArray x, int axis) {
    return x.logSoftmax(axis);
  }

  @Override
  public NDArray gather(NDArray x, NDArray index, int axis) {
    return x.gather(index.toType(DataType.INT64, false), axis);
  }

  @Override
  public void initActNorm(String shift, String logScale, NDArray x) {
    if (!initialising) {
      return;
    }
    long[] shape = x.getShape().getShape();
    int n = (int) shape[0];
    int channels = (int) shape[1];
    int pixels = (int) (shape[2] * shape[3]);
    float[] values = x.toFloatArray();
    float[] shiftValues = new float[channels];
    float[] logScaleValues = new float[channels];
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      double sumSquares = 0;
      for (int i = 0; i < n; i++) {
        int base = (i * channels + c) * pixels;
        for (int p = 0; p < pixels; p++) {
          double v = values[base + p];
          sum += v;
          sumSquares += v * v;
        }
      }
      double count = (double) n * pixels;
      double mean = sum / count;
      double std = Math.sqrt(Math.max(sumSquares / count - mean * mean, 0));
      shiftValues[c] = (float) -mean;
      logScaleValues[c] = (float) -Math.log(std + 1e-6);
    }
    params.set(shift, shiftValues);
    params.set(logScale, logScaleValues);
  }
}
