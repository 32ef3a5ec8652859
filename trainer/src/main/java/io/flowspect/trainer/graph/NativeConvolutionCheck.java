package io.flowspect.trainer.graph;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

/**
 * Checks once per process whether libtorch's convolution backward gives the right input gradients
 * on this CPU, against {@link UnfoldedConvolution}.
 *
 * <p>Why: on an AMD EPYC with AVX-512, libtorch 2.7.1 (oneDNN) returned wrong input gradients for
 * small feature maps in 81 to 100 of 100 backward passes (4 x 4 and 8 x 8 maps; NaN in up to a
 * third of them, finite but wrong in the rest; 14 x 14 maps were right), so the small test models
 * did not train and resumed runs were not reproducible. The check costs about 50 ms; training then
 * uses the unfolded convolution for the whole run, so that two runs of the same data take the same
 * steps.
 */
public final class NativeConvolutionCheck {

  private static final int[][] SHAPES = {{16, 8, 8, 8, 8}, {16, 32, 4, 4, 8}};
  private static final int TRIALS = 8;
  private static volatile Boolean sound;

  private NativeConvolutionCheck() {}

  /**
   * Tells whether the native convolution's input gradients match the unfolded convolution's on
   * small maps; computed on the first call.
   *
   * @return false when any gradient differs by more than 1e-3 or is not finite
   */
  public static boolean nativeBackwardIsSound() {
    Boolean s = sound;
    if (s == null) {
      synchronized (NativeConvolutionCheck.class) {
        if (sound == null) {
          sound = check();
        }
        s = sound;
      }
    }
    return s;
  }

  private static boolean check() {
    Engine.getInstance();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int[] s : SHAPES) {
        for (int t = 0; t < TRIALS; t++) {
          try (NDManager trial = manager.newSubManager()) {
            NDArray x = trial.randomNormal(new Shape(s[0], s[1], s[2], s[3]));
            NDArray w = trial.randomNormal(new Shape(s[4], s[1], 3, 3));
            NDArray nativeGrad = inputGradient(x, w, false);
            NDArray unfoldedGrad = inputGradient(x, w, true);
            float diff = nativeGrad.sub(unfoldedGrad).abs().max().getFloat();
            if (!(diff <= 1e-3f)) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  private static NDArray inputGradient(NDArray x0, NDArray w, boolean unfolded) {
    NDArray x = x0.duplicate();
    x.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray y =
          unfolded
              ? UnfoldedConvolution.apply(x, w, null, 1)
              : Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                  .singletonOrThrow();
      gc.backward(y.square().sum());
    }
    return x.getGradient().duplicate();
  }
}
