package io.flowspect.trainer.graph;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks once per process whether libtorch's convolution backward gives the right input gradients
 * on this CPU, against {@link UnfoldedConvolution}; where it does not, each convolution shape is
 * checked once, forward and backward.
 *
 * <p>Why: on an AMD EPYC with AVX-512, libtorch 2.7.1 (oneDNN) returned wrong input gradients for
 * small feature maps in 81 to 100 of 100 backward passes (4 x 4 and 8 x 8 maps; NaN in up to a
 * third of them, finite but wrong in the rest; 14 x 14 maps were right), so the small test models
 * did not train and resumed runs were not reproducible. The check costs about 50 ms. Where it
 * fails, training checks each convolution shape once ({@link #soundFor}, seeded inputs, so every
 * process decides alike) and uses the unfolded convolution only for the shapes where libtorch is
 * wrong: a PixelCNN on 32 x 32 patches keeps the fast kernel, a Glow's 4 x 4 level does not.
 */
public final class NativeConvolutionCheck {

  private static final int[][] SHAPES = {{16, 8, 8, 8, 8}, {16, 32, 4, 4, 8}};
  private static final int TRIALS = 8;
  private static volatile Boolean sound;
  private static final Map<String, Boolean> SHAPES_CHECKED = new ConcurrentHashMap<>();

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

  /**
   * Tells whether the native convolution's input gradients are right for one shape, checked once
   * per shape and process with seeded inputs.
   *
   * @param channels input channels
   * @param height input rows
   * @param width input columns
   * @param filters output channels
   * @param kernel kernel side
   * @param padding padding on each side
   * @return false when any gradient differs by more than 1e-3 or is not finite
   */
  public static boolean soundFor(
      long channels, long height, long width, long filters, long kernel, int padding) {
    String key =
        channels + "x" + height + "x" + width + ":" + filters + "x" + kernel + "p" + padding;
    return SHAPES_CHECKED.computeIfAbsent(
        key, k -> checkShape(channels, height, width, filters, kernel, padding));
  }

  private static boolean checkShape(
      long channels, long height, long width, long filters, long kernel, int padding) {
    SplittableRandom random = new SplittableRandom(channels * 31 + height * 17 + width);
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int t = 0; t < TRIALS; t++) {
        try (NDManager trial = manager.newSubManager()) {
          Shape xs = new Shape(8, channels, height, width);
          Shape ws = new Shape(filters, channels, kernel, kernel);
          NDArray x = trial.create(gaussian(xs.size(), random), xs);
          NDArray w = trial.create(gaussian(ws.size(), random), ws);
          NDArray nativeGrad = inputGradient(x, w, false, padding);
          NDArray unfoldedGrad = inputGradient(x, w, true, padding);
          float scale = Math.max(1f, unfoldedGrad.abs().max().getFloat());
          float diff = nativeGrad.sub(unfoldedGrad).abs().max().getFloat() / scale;
          if (!(diff <= 1e-3f)) {
            return false;
          }
          // The forward pass too: at 24 input channels libtorch's output is wrong on this CPU,
          // and NaN for some batch sizes.
          for (long batch : new long[] {8, 200}) {
            NDArray xb =
                trial.create(
                    gaussian(batch * channels * height * width, random),
                    new Shape(batch, channels, height, width));
            NDArray nativeOut =
                Conv2d.conv2d(
                        xb,
                        w,
                        null,
                        new Shape(1, 1),
                        new Shape(padding, padding),
                        new Shape(1, 1),
                        1)
                    .singletonOrThrow();
            NDArray unfoldedOut = UnfoldedConvolution.apply(xb, w, null, padding);
            float outScale = Math.max(1f, unfoldedOut.abs().max().getFloat());
            float outDiff = nativeOut.sub(unfoldedOut).abs().max().getFloat() / outScale;
            if (!(outDiff <= 1e-3f)) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  private static float[] gaussian(long n, SplittableRandom random) {
    float[] out = new float[(int) n];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private static boolean check() {
    Engine.getInstance();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int[] s : SHAPES) {
        for (int t = 0; t < TRIALS; t++) {
          try (NDManager trial = manager.newSubManager()) {
            NDArray x = trial.randomNormal(new Shape(s[0], s[1], s[2], s[3]));
            NDArray w = trial.randomNormal(new Shape(s[4], s[1], 3, 3));
            NDArray nativeGrad = inputGradient(x, w, false, 1);
            NDArray unfoldedGrad = inputGradient(x, w, true, 1);
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

  private static NDArray inputGradient(NDArray x0, NDArray w, boolean unfolded, int padding) {
    NDArray x = x0.duplicate();
    x.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray y =
          unfolded
              ? UnfoldedConvolution.apply(x, w, null, padding)
              : Conv2d.conv2d(
                      x, w, null, new Shape(1, 1), new Shape(padding, padding), new Shape(1, 1), 1)
                  .singletonOrThrow();
      gc.backward(y.square().sum());
    }
    return x.getGradient().duplicate();
  }
}
